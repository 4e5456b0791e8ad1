package dev.threadline.domain;

/**
 * What the LLM says about a new issue: the seed's JSON ({@code summary}, {@code issue_type},
 * {@code priority}, {@code confidence}).
 *
 * @param summary one line describing the issue; becomes the ticket subject
 * @param issueType a free-text category, mapped to the helpdesk's own types; may be {@code null}
 * @param priority how urgent the issue is
 * @param confidence 0 to 1; 0 when the classification is a fallback
 */
public record Classification(String summary, String issueType, Priority priority, double confidence) {

    public Classification {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("summary must not be blank");
        }
        if (priority == null) {
            throw new IllegalArgumentException("priority must be set");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within [0, 1], was " + confidence);
        }
    }
}
