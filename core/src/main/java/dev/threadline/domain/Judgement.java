package dev.threadline.domain;

/**
 * A judge's answer for one message: "is this the SAME issue or a NEW one?".
 *
 * @param verdict SAME or NEW
 * @param confidence 0.5 to 1: how sure the judge is of this verdict (calibrated for the offline
 *     judge; the model's own estimate for the LLM), or {@code null} when it cannot tell
 * @param stage which judge answered
 * @param reason a short, data-free explanation for the audit log and the demo, e.g.
 *     "offline: answers the agent's question; similar to 'ping' examples"
 * @param classification on NEW, the new issue's classification when the judge produced one in the
 *     same answer (the LLM does; this saves a second call), else {@code null}
 */
public record Judgement(Verdict verdict, Double confidence, Decision.Stage stage, String reason,
                        Classification classification) {

    public Judgement {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must be set");
        }
        if (stage == null) {
            throw new IllegalArgumentException("stage must be set");
        }
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within [0, 1], was " + confidence);
        }
        reason = reason == null ? "" : reason;
        if (verdict == Verdict.SAME) {
            classification = null;
        }
    }

    public Judgement(Verdict verdict, Double confidence, Decision.Stage stage, String reason) {
        this(verdict, confidence, stage, reason, null);
    }
}
