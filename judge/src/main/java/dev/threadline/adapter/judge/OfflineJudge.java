package dev.threadline.adapter.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Decision;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The offline SAME/NEW judge: in-process sentence embeddings, human-readable {@link Features}, and
 * a {@link LogisticModel} trained on the development split of {@code judge-eval/}. No network, a
 * few milliseconds a message, and a calibrated confidence, so the cascade knows when to ask an LLM.
 *
 * <p>Its files are resources under {@code judge/}: {@code model.json} (weights, feature scaling,
 * threshold, version) and {@code pool.json} (the labelled neighbour pool with its vectors).
 * {@code ./threadline judge-train} rebuilds both from {@code judge-eval/dev.jsonl}.
 */
public final class OfflineJudge implements IssueJudge {

    static final String MODEL_RESOURCE = "judge/model.json";
    static final String POOL_RESOURCE = "judge/pool.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Embedder embedder;
    private final LogisticModel model;
    private final NeighbourPool pool;

    OfflineJudge(Embedder embedder, LogisticModel model, NeighbourPool pool) {
        this.embedder = embedder;
        this.model = model;
        this.pool = pool;
    }

    /**
     * Loads the shipped model and pool.
     *
     * @param embeddingModelPath {@code JUDGE_EMBEDDING_MODEL_PATH}, or blank for the shipped model
     */
    public static OfflineJudge load(String embeddingModelPath) {
        Embedder embedder = Embedder.open(embeddingModelPath);
        LogisticModel model = LogisticModel.fromJson(resource(MODEL_RESOURCE), JSON);
        if (!model.embedder().equals(embedder.name())) {
            throw new IllegalStateException("judge model " + model.version() + " was trained with " + model.embedder()
                    + ", not " + embedder.name() + "; run ./threadline judge-train with JUDGE_EMBEDDING_MODEL_PATH set");
        }
        return new OfflineJudge(embedder, model, readPool(resource(POOL_RESOURCE), embedder));
    }

    /** Its sentence model, shared with resolution learning so the model is loaded once per instance. */
    Embedder embedder() {
        return embedder;
    }

    /** The model file's version, for the startup line and the benchmarks. */
    public String version() {
        return model.version() + " (" + embedder.name() + ", pool " + pool.size() + ")";
    }

    @Override
    public List<Judgement> judge(JudgeQuestion question) {
        String summary = question.previousSummary();
        List<String> recent = new ArrayList<>(question.recentMessages());
        String agent = question.agentLastReply();
        List<Judgement> out = new ArrayList<>();
        // The summary, the recent messages and the burst's earlier messages recur in every message's
        // context: each text is embedded once per question.
        Map<String, float[]> embedded = new HashMap<>();
        for (JudgeQuestion.Candidate candidate : question.messages()) {
            Observation o = new Observation(summary, tail(recent), agent, candidate.text(), candidate.gap().toSeconds() / 60.0);
            Judgement judgement = judge(o, embedded);
            out.add(judgement);
            if (judgement.verdict() == Verdict.NEW) {
                // Later messages of the turn are judged against the issue this one opened.
                summary = candidate.text();
                recent = new ArrayList<>();
                agent = null;
            } else {
                recent.add(candidate.text());
            }
        }
        return out;
    }

    Judgement judge(Observation o, Map<String, float[]> embedded) {
        double[] x = features(o, -1, embedded);
        double p = model.probability(x);
        Verdict verdict = p >= model.threshold() ? Verdict.NEW : Verdict.SAME;
        double confidence = verdict == Verdict.NEW ? p : 1 - p;
        return new Judgement(verdict, confidence, Decision.Stage.OFFLINE, reason(verdict, p, x));
    }

    /**
     * The feature vector of {@code o}.
     *
     * @param selfInPool the pool index of {@code o}'s own message while training (left out of its
     *     neighbour vote), or -1
     * @param embedded vectors already computed, by text; the missing ones are added
     */
    double[] features(Observation o, int selfInPool, Map<String, float[]> embedded) {
        List<String> texts = Features.texts(o);
        List<String> missing = texts.stream().filter(t -> !embedded.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            float[][] fresh = embedder.embed(missing);
            for (int i = 0; i < fresh.length; i++) {
                embedded.put(missing.get(i), fresh[i]);
            }
        }
        float[][] vectors = texts.stream().map(embedded::get).toArray(float[][]::new);
        return Features.of(o, vectors, pool.voteNew(vectors[0], selfInPool));
    }

    private String reason(Verdict verdict, double p, double[] x) {
        double[] c = model.contributions(x);
        int sign = verdict == Verdict.NEW ? 1 : -1;
        List<String> why = IntStream.range(0, c.length)
                .filter(i -> c[i] * sign > 0.15 && (x[i] != 0 || !BINARY.contains(Features.NAMES.get(i))))
                .boxed().sorted(Comparator.comparingDouble(i -> -c[i] * sign))
                .map(i -> PHRASES.get(Features.NAMES.get(i))[verdict == Verdict.NEW ? 0 : 1])
                .distinct().limit(3).toList();
        return String.format("offline %s p(NEW)=%.2f%s", model.version(), p, why.isEmpty() ? "" : ": " + String.join("; ", why));
    }

    private static List<String> tail(List<String> recent) {
        return recent.subList(Math.max(0, recent.size() - JudgeQuestion.MAX_RECENT), recent.size());
    }

    static JsonNode resource(String name) {
        try (InputStream in = OfflineJudge.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath; run ./threadline judge-train");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the pool; re-embeds its texts when it was stored for another embedding model. */
    static NeighbourPool readPool(JsonNode node, Embedder embedder) {
        boolean stored = embedder.name().equals(node.path("embedder").asText());
        List<float[]> vectors = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode entry : node.get("entries")) {
            labels.add(entry.get("new").asBoolean());
            texts.add(entry.get("text").asText());
            if (stored) {
                vectors.add(decode(entry.get("vector").asText()));
            }
        }
        if (!stored) {
            vectors.addAll(List.of(embedder.embed(texts.stream().map(Features::embeddable).toList())));
        }
        return new NeighbourPool(vectors, labels);
    }

    static String encode(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            buffer.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static float[] decode(String base64) {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[buffer.remaining() / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getFloat();
        }
        return v;
    }

    private static final List<String> BINARY = List.of("has_agent", "agent_asked", "agent_asked_short", "gap_over_4h",
            "question", "ping", "media", "media_bare", "new_marker", "continuation_marker", "thanks", "thanks_but",
            "id_in_message", "id_shared", "id_novel", "id_corrected", "short", "reply_opener", "correction");

    /** Per feature: the phrase when it pushes towards NEW, and when it pushes towards SAME. */
    private static final Map<String, String[]> PHRASES = Map.ofEntries(
            Map.entry("sim_summary", new String[] {"unlike the ticket's summary", "close to the ticket's summary"}),
            Map.entry("sim_recent_max", new String[] {"unlike the recent messages", "close to the recent messages"}),
            Map.entry("sim_recent_last", new String[] {"unlike the last message", "close to the last message"}),
            Map.entry("sim_context_best", new String[] {"unlike anything on the ticket", "close to the ticket's conversation"}),
            Map.entry("sim_agent", new String[] {"unrelated to the agent's reply", "follows the agent's reply"}),
            Map.entry("has_agent", new String[] {"after an agent reply", "after an agent reply"}),
            Map.entry("agent_asked", new String[] {"after the agent's question", "after the agent's question"}),
            Map.entry("agent_asked_short", new String[] {"a short message after a question", "a short answer to the agent's question"}),
            Map.entry("gap_log", new String[] {"after a long pause", "soon after the last message"}),
            Map.entry("gap_over_4h", new String[] {"more than 4 h later", "more than 4 h later"}),
            Map.entry("short", new String[] {"short", "a short message"}),
            Map.entry("question", new String[] {"asks a question", "asks a question"}),
            Map.entry("ping", new String[] {"a bare nudge", "a bare nudge"}),
            Map.entry("media", new String[] {"a media message", "a media message"}),
            Map.entry("media_bare", new String[] {"media without words", "media without words"}),
            Map.entry("new_marker", new String[] {"says also/another/one more thing", "says also/another"}),
            Map.entry("continuation_marker", new String[] {"says still/again", "says still/again/any update"}),
            Map.entry("thanks", new String[] {"thanks or confirms a fix", "thanks or confirms a fix"}),
            Map.entry("thanks_but", new String[] {"thanks, then raises something else", "thanks, then adds more"}),
            Map.entry("id_in_message", new String[] {"names an identifier", "names an identifier"}),
            Map.entry("id_shared", new String[] {"repeats the ticket's identifier", "repeats the ticket's identifier"}),
            Map.entry("id_novel", new String[] {"names an identifier the ticket does not have", "names a new identifier"}),
            Map.entry("id_corrected", new String[] {"corrects an identifier", "corrects an identifier"}),
            Map.entry("word_overlap", new String[] {"shares few words with the ticket", "shares the ticket's words"}),
            Map.entry("long_and_unlike", new String[] {"describes a problem unlike the ticket's", "adds detail to the ticket's problem"}),
            Map.entry("reply_opener", new String[] {"opens like a reply", "opens like a reply to what came before"}),
            Map.entry("correction", new String[] {"corrects something", "corrects an identifier it gave"}),
            Map.entry("knn_new", new String[] {"reads like the new requests in the examples",
                    "reads like the follow-ups in the examples"}));
}
