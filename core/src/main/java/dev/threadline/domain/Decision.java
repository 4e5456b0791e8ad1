package dev.threadline.domain;

/**
 * How a turn was routed, for the audit log: what was decided, by which stage, how sure, and how long
 * the deciding took. {@code reason} is data-free (no customer text).
 */
public record Decision(Kind kind, Stage stage, Double confidence, String reason, long latencyMillis) {

    /** What happens to the turn. */
    public enum Kind {
        /** No open episode (no session, idle, or its ticket closed): open a ticket. */
        FIRST,
        /** Continues the open issue: append to its ticket. */
        SAME,
        /** A different issue mid-session: open a new ticket. */
        NEW
    }

    /** Who decided. */
    public enum Stage {
        /** A deterministic rule (no session, idle timeout, closed ticket). */
        RULE,
        /** The offline judge: in-process embeddings and a small trained model. */
        OFFLINE,
        /** The LLM judge (alone, or as the cascade's last stage). */
        LLM,
        /** The AI judge failed and the configured fallback applied. */
        FALLBACK
    }

    public boolean opensTicket() {
        return kind != Kind.SAME;
    }
}
