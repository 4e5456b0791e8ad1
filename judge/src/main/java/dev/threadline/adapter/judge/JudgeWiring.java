package dev.threadline.adapter.judge;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.IssueJudge;
import dev.threadline.config.Settings;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the SAME/NEW judge the ticket flow gets ({@code JUDGE_MODE}):
 * <ul>
 *   <li>{@code offline}: the offline judge alone (the default when no LLM is configured);</li>
 *   <li>{@code cascade}: offline first, the LLM when the offline judge is unsure (the default with an LLM);</li>
 *   <li>{@code llm}: the LLM for every follow-up (for comparisons, and the fault suite's predictable judge).</li>
 * </ul>
 * The offline judge loads at start-up (on Lambda inside the SnapStart snapshot), never per message.
 */
@Factory
public class JudgeWiring {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeWiring.class);

    @Singleton
    @Requires(property = "threadline.judge.mode", notEquals = "llm")
    OfflineJudge offlineJudge(@Value("${threadline.judge.embedding-model-path:}") String modelPath) {
        long started = System.nanoTime();
        OfflineJudge judge = OfflineJudge.load(modelPath);
        LOG.info("offline judge loaded", kv("model", judge.version()), kv("elapsed_ms", (System.nanoTime() - started) / 1_000_000));
        return judge;
    }

    @Singleton
    @Primary
    IssueJudge issueJudge(BeanProvider<OfflineJudge> offline, @Named("llm") @Nullable IssueJudge llm,
                          @Value("${threadline.judge.mode:}") String mode,
                          @Value("${threadline.judge.llm-below:}") String llmBelowText) {
        double llmBelow = Settings.decimal(llmBelowText, "JUDGE_LLM_BELOW", CascadeJudge.DEFAULT_LLM_BELOW);
        String chosen = mode == null || mode.isBlank() ? (llm == null ? "offline" : "cascade") : mode.strip().toLowerCase(Locale.ROOT);
        return switch (chosen) {
            // The model loads only for the modes that use it: JUDGE_MODE=llm starts without it.
            case "offline" -> offline.get();
            case "cascade" -> new CascadeJudge(offline.get(), requireLlm(llm, chosen), llmBelow);
            case "llm" -> requireLlm(llm, chosen);
            default -> throw new IllegalArgumentException("JUDGE_MODE must be offline, cascade or llm, was " + mode);
        };
    }

    private static IssueJudge requireLlm(IssueJudge llm, String mode) {
        if (llm == null) {
            throw new IllegalArgumentException("JUDGE_MODE=" + mode + " needs an LLM: set LLM_BASE_URL and LLM_MODEL");
        }
        return llm;
    }
}
