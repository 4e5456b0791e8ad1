package dev.threadline.application.port;

import java.util.List;

/**
 * Turns a solved ticket into a resolution summary and tags. The LLM when one is configured (strict
 * JSON, customer and agent text only inside data blocks); failures fall back to the offline
 * extractive summary, so a resolution is always learned.
 */
public interface CaseSummarizer {

    /** @throws AiUnavailableException when the LLM failed; the caller falls back */
    Summary summarize(Input input);

    /**
     * What the summary is made of; all of it untrusted.
     *
     * @param replies the agents' customer-visible replies (marker removed), oldest first
     * @param notes the agents' internal notes, oldest first
     */
    record Input(String subject, String issueType, List<String> customerMessages, List<String> replies,
                 List<String> notes) {}

    /** @param by who wrote it: {@code offline} or {@code llm:<model>} */
    record Summary(String text, List<String> tags, String by) {}
}
