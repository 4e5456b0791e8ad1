package dev.threadline.adapter.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The judge's two commands: {@code judge-eval} (score any judge on a JSONL file) and
 * {@code judge-train} (rebuild the shipped model and neighbour pool from the development split).
 * Both run without a stack.
 */
public final class JudgeCommand {

    private JudgeCommand() {}

    /** For development: {@code judge-eval …} or {@code judge-train …} with the offline judges only. */
    public static void main(String[] args) {
        List<String> rest = List.of(args).subList(1, args.length);
        String path = System.getenv("JUDGE_EMBEDDING_MODEL_PATH");
        int code = args[0].equals("judge-train") ? train(rest, path, System.out, System.err)
                : evaluate(rest, () -> {
                    throw new IllegalStateException("no LLM here; use ./threadline judge-eval");
                }, 0.75, path, System.out, System.err);
        System.exit(code);
    }

    /**
     * {@code judge-eval FILE.jsonl [--judge NAME[,NAME…]] [--out PRED.jsonl]}.
     *
     * @param llm makes the LLM judge (from {@code LLM_*}), for {@code llm} and {@code cascade}
     * @param llmBelow the cascade's confidence threshold ({@code JUDGE_LLM_BELOW})
     * @return the exit code
     */
    public static int evaluate(List<String> args, Supplier<IssueJudge> llm, double llmBelow, String embeddingModelPath,
                               PrintStream out, PrintStream err) {
        Path file = null;
        Path predictions = null;
        List<String> judges = List.of("offline");
        boolean disagreements = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--disagreements")) {
                disagreements = true;
                continue;
            }
            if ((arg.equals("--judge") || arg.equals("--out")) && i + 1 >= args.size()) {
                err.println("judge-eval: " + arg + " needs a value. " + JudgeEval.usage());
                return 2;
            }
            switch (arg) {
                case "--judge" -> judges = JudgeEval.parseJudges(args.get(++i));
                case "--out" -> predictions = Path.of(args.get(++i));
                default -> {
                    if (arg.startsWith("--") || file != null) {
                        err.println("judge-eval: unexpected argument " + arg + ". " + JudgeEval.usage());
                        return 2;
                    }
                    file = Path.of(arg);
                }
            }
        }
        if (file == null) {
            err.println("judge-eval: which file? " + JudgeEval.usage());
            return 2;
        }
        if (predictions != null && judges.size() != 1) {
            err.println("judge-eval: --out takes the predictions of one judge; name one with --judge");
            return 2;
        }
        List<JudgeItem> items;
        try {
            items = JudgeItem.read(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("judge-eval: " + e.getMessage());
            return 2;
        }
        Supplier<IssueJudge> offline = memoized(() -> OfflineJudge.load(embeddingModelPath));
        for (String name : judges) {
            AtomicInteger llmCalls = new AtomicInteger();
            IssueJudge judge = Baselines.byName(name);
            if (judge == null) {
                switch (name) {
                    case "offline" -> judge = offline.get();
                    case "llm" -> judge = JudgeEval.counting(llm.get(), llmCalls);
                    case "cascade" -> judge = new CascadeJudge(offline.get(), JudgeEval.counting(llm.get(), llmCalls), llmBelow);
                    default -> {
                        err.println("judge-eval: unknown judge " + name + ". " + JudgeEval.usage());
                        return 2;
                    }
                }
            }
            List<JudgeEval.Prediction> result = JudgeEval.run(items, judge);
            JudgeEval.report(name, result, llmCalls.get(), out);
            if (name.equals("offline")) {
                long unsure = result.stream().filter(p -> p.judgement().confidence() < llmBelow).count();
                out.printf("  a cascade would ask the LLM for %.1f%% of these items (offline confidence below %.2f)%n",
                        100.0 * unsure / result.size(), llmBelow);
            }
            if (disagreements) {
                result.stream().filter(p -> p.item().label() != null && p.item().label() != p.judgement().verdict())
                        .forEach(p -> out.printf("  disagrees: %s was %s, now %s (%s)%n", p.item().id().asText(), p.item().label(),
                                p.judgement().verdict(), p.judgement().reason()));
            }
            if (predictions != null) {
                write(predictions, result.stream().map(JudgeEval::predictionLine).toList());
                out.println("  predictions written to " + predictions);
            }
        }
        return 0;
    }

    /**
     * {@code judge-train [DEV.jsonl] [--resources DIR]}: fits the model on the development split
     * and writes {@code model.json} and {@code pool.json}. Deterministic: the same file gives the
     * same weights.
     */
    public static int train(List<String> args, String embeddingModelPath, PrintStream out, PrintStream err) {
        Path dev = Path.of(args.stream().filter(a -> !a.startsWith("--")).findFirst().orElse("judge-eval/dev.jsonl"));
        int r = args.indexOf("--resources");
        Path resources = Path.of(r >= 0 && r + 1 < args.size() ? args.get(r + 1) : "judge/src/main/resources/judge");
        List<JudgeItem> items;
        try {
            items = JudgeItem.read(dev).stream().filter(i -> i.label() != null).toList();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("judge-train: " + e.getMessage());
            return 2;
        }
        Embedder embedder = Embedder.open(embeddingModelPath);
        List<String> texts = items.stream().map(i -> Features.embeddable(i.observation().message())).toList();
        List<float[]> vectors = List.of(embedder.embed(texts));
        List<Boolean> labels = items.stream().map(i -> i.label() == Verdict.NEW).toList();
        NeighbourPool pool = new NeighbourPool(vectors, labels);
        OfflineJudge extractor = new OfflineJudge(embedder, placeholder(embedder), pool);
        double[][] x = new double[items.size()][];
        int[] y = new int[items.size()];
        Map<String, float[]> embedded = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            embedded.put(texts.get(i), vectors.get(i));
        }
        for (int i = 0; i < items.size(); i++) {
            x[i] = extractor.features(items.get(i).observation(), i, embedded);
            y[i] = labels.get(i) ? 1 : 0;
        }
        Training.Choice choice = Training.crossValidate(x, y, out);
        String version = "v" + items.size() + "-" + Integer.toHexString(java.util.Arrays.deepHashCode(x) & 0xfffff);
        LogisticModel model = LogisticModel.fit(version, embedder.name(), x, y, choice.l2(), choice.threshold());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode poolJson = json.createObjectNode();
        poolJson.put("embedder", embedder.name());
        ArrayNode entries = poolJson.putArray("entries");
        for (int i = 0; i < items.size(); i++) {
            entries.addObject().put("text", texts.get(i)).put("new", labels.get(i)).put("vector", OfflineJudge.encode(vectors.get(i)));
        }
        try {
            Files.createDirectories(resources);
            Files.writeString(resources.resolve("model.json"), json.writeValueAsString(model.toJson(json)) + "\n");
            Files.writeString(resources.resolve("pool.json"), new ObjectMapper().writeValueAsString(poolJson) + "\n");
        } catch (IOException e) {
            err.println("judge-train: cannot write " + resources + ": " + e.getMessage());
            return 1;
        }
        out.printf("judge-train: model %s from %d items (l2 %.1f, threshold %.2f) written to %s%n", version, items.size(),
                choice.l2(), choice.threshold(), resources);
        return 0;
    }

    /** Loads the model once, on first use, however many judges of the run need it. */
    private static Supplier<IssueJudge> memoized(Supplier<IssueJudge> load) {
        IssueJudge[] loaded = new IssueJudge[1];
        return () -> loaded[0] != null ? loaded[0] : (loaded[0] = load.get());
    }

    private static LogisticModel placeholder(Embedder embedder) {
        int d = Features.NAMES.size();
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1);
        return new LogisticModel("untrained", embedder.name(), Features.NAMES, new double[d], ones, new double[d], 0, 0.5);
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, new ArrayList<>(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
