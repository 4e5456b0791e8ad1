package dev.threadline.local;

import dev.threadline.adapter.judge.CascadeJudge;
import dev.threadline.adapter.judge.JudgeCommand;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.config.Settings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ./threadline judge-eval} and {@code judge-train}: no stack needed, except for
 * {@code --from-audit}, which fetches the running local stack's recent judge inputs (kept for
 * {@code JUDGE_INPUT_TTL}) and re-judges them, listing where the judge now disagrees with what was
 * decided then.
 */
final class JudgeCommands {

    private JudgeCommands() {}

    static int evaluate(List<String> args, Map<String, String> env, String stackUrl) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>(args);
        Path audit = null;
        if (rest.remove("--from-audit")) {
            audit = fetchAudit(stackUrl);
            if (audit == null) {
                return 1;
            }
            rest.add(0, audit.toString());
            rest.add("--disagreements");
        }
        try (LlmHolder llm = new LlmHolder(env)) {
            int code = JudgeCommand.evaluate(rest, llm, Settings.decimal(env.get("JUDGE_LLM_BELOW"), "JUDGE_LLM_BELOW", CascadeJudge.DEFAULT_LLM_BELOW),
                    env.get("JUDGE_EMBEDDING_MODEL_PATH"), System.out, System.err);
            if (code == 0 && audit != null) {
                System.out.println("(re-judged the audit's past decisions: 'accuracy' is agreement with what was decided then)");
            }
            return code;
        } catch (IllegalArgumentException e) {
            System.err.println("judge-eval: " + e.getMessage());
            return 2;
        }
    }

    static int train(List<String> args, Map<String, String> env) {
        return JudgeCommand.train(args, env.get("JUDGE_EMBEDDING_MODEL_PATH"), System.out, System.err);
    }

    private static Path fetchAudit(String stackUrl) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stackUrl + "/ops/judge-inputs")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("judge-eval --from-audit: no local stack at " + stackUrl + " (start it with ./threadline run)");
            return null;
        }
        if (response.statusCode() != 200) {
            System.err.println("judge-eval --from-audit: the stack answered " + response.statusCode());
            return null;
        }
        if (response.body().isBlank()) {
            System.err.println("judge-eval --from-audit: no judged decisions in the audit yet (run ./threadline demo first)");
            return null;
        }
        Path file = Files.createTempFile("threadline-audit", ".jsonl");
        file.toFile().deleteOnExit();
        Files.writeString(file, response.body());
        return file;
    }

    /** The LLM judge from {@code LLM_*}, built only when a judge needs it, and closed after. */
    private static final class LlmHolder implements Supplier<IssueJudge>, AutoCloseable {
        private final Map<String, String> env;
        private ApplicationContext context;

        LlmHolder(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public IssueJudge get() {
            if (env.getOrDefault("LLM_BASE_URL", "").isBlank()) {
                throw new IllegalArgumentException("the llm and cascade judges need LLM_BASE_URL and LLM_MODEL");
            }
            context = ApplicationContext.run(Map.of("threadline.function", "ticket", "threadline.llm.base-url", env.get("LLM_BASE_URL"),
                    "threadline.llm.model", env.getOrDefault("LLM_MODEL", ""),
                    "threadline.llm.api-key", env.getOrDefault("LLM_API_KEY", "")));
            return context.getBean(IssueJudge.class, Qualifiers.byName("llm"));
        }

        @Override
        public void close() {
            if (context != null) {
                context.close();
            }
        }
    }
}
