package dev.threadline.domain;

/**
 * A judge's answer to "is this the SAME issue or a NEW one?".
 *
 * @param verdict SAME or NEW
 * @param confidence 0 to 1 when the judge can tell (token probabilities, similarity), else {@code null}
 * @param reason a short, data-free explanation for the audit log, e.g. "llm" or "cosine 0.82 >= 0.60"
 */
public record Judgement(Verdict verdict, Double confidence, String reason) {

    public Judgement {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must be set");
        }
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within [0, 1], was " + confidence);
        }
    }
}
