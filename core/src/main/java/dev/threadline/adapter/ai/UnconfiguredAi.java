package dev.threadline.adapter.ai;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Classification;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import java.util.List;
import dev.threadline.domain.Transcript;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Used when no LLM is configured ({@code LLM_BASE_URL} empty): every call is "unavailable", so the
 * ticket logic runs on its documented fallbacks (first line as summary, Medium, needs triage;
 * follow-ups appended and flagged). Tickets keep flowing; a warning says why they are degraded.
 */
@Singleton
@Requires(property = "threadline.llm.base-url", pattern = "^\\s*$", defaultValue = "")
public class UnconfiguredAi implements IssueClassifier, IssueJudge {

    private static final Logger LOG = LoggerFactory.getLogger(UnconfiguredAi.class);

    @EventListener
    void warn(StartupEvent event) {
        LOG.warn("no LLM configured (LLM_BASE_URL): tickets use fallback summaries and every follow-up is appended and flagged");
    }

    @Override
    public Classification classify(Transcript conversation) {
        throw new AiUnavailableException("not-configured", "no LLM configured", null);
    }

    @Override
    public List<Judgement> judge(JudgeQuestion question) {
        throw new AiUnavailableException("not-configured", "no LLM configured", null);
    }
}
