package dev.threadline.adapter.ai;

import dev.threadline.config.Functions;
import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Transcript;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier when no LLM is configured ({@code LLM_BASE_URL} empty): every call is
 * "unavailable", so new tickets get the documented fallback (first line as summary, Medium, needs
 * triage). SAME/NEW needs no LLM: the offline judge decides. A warning at start says so.
 */
@Singleton
@Requires(property = "threadline.llm.base-url", pattern = "^\\s*$", defaultValue = "")
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class UnconfiguredAi implements IssueClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(UnconfiguredAi.class);

    @EventListener
    void warn(StartupEvent event) {
        LOG.warn("no LLM configured (LLM_BASE_URL): tickets get first-line summaries, priority Medium and a triage flag; SAME/NEW is decided by the offline judge");
    }

    @Override
    public Classification classify(Transcript conversation) {
        throw new AiUnavailableException("not-configured", "no LLM configured", null);
    }
}
