package dev.threadline.application.port;

import dev.threadline.domain.Classification;
import dev.threadline.domain.Transcript;

/**
 * Summarises and classifies the messages that open a new issue. Vendor-neutral: an OpenAI-compatible
 * server today, a local model or rules tomorrow.
 */
public interface IssueClassifier {

    /**
     * @throws AiUnavailableException on timeout, transport error or any answer that fails strict
     *     validation; the caller then applies its fallback policy. Never returns a partial result.
     */
    Classification classify(Transcript conversation);
}
