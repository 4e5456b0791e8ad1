package dev.threadline.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An agent's customer-visible reply in the outbox: the intent is stored before any call, and every
 * step of sending it is a conditional state change, so a crash at any point leaves a state that says
 * exactly what may have happened.
 *
 * <pre>
 * PENDING ──send──▶ SENDING ──▶ SENT ──▶ DELIVERED ──▶ READ
 *    │                 │  └──▶ FAILED (Meta refused, or a failed status)
 *    │                 └──▶ UNKNOWN (no answer, or a crash while SENDING: never sent again)
 *    └─outside the 24 h window─▶ HELD (template sent; the text waits) ──customer writes──▶ PENDING
 * </pre>
 *
 * @param key deterministic for the agent's comment (a digest of its name), the outbox's idempotency key
 * @param ticketId the ticket the comment is on
 * @param text what the customer will read (agent-written; never logged)
 * @param state where the reply is
 * @param wamid the sent message's id once Meta accepted it, else {@code null}
 * @param noteId the ticket's status note about this reply, once written, else {@code null}
 * @param notedState the state that note shows, else {@code null}
 * @param reason why it failed, is unknown or is held (data-free), else {@code null}
 * @param createdAt when the reply entered the outbox
 * @param version optimistic-concurrency version of the outbox record
 */
public record OutboundReply(String key, String ticketId, String text, State state, String wamid, String noteId,
                            State notedState, String reason, Instant createdAt, long version) {

    /** How far a reply got. */
    public enum State {
        PENDING, SENDING, SENT, DELIVERED, READ, FAILED, UNKNOWN, HELD, TEMPLATE_SENDING;

        /** Whether WhatsApp has (or may have) the message, so it must never be sent again. */
        public boolean sentOrMaybe() {
            return this == SENDING || this == SENT || this == DELIVERED || this == READ || this == UNKNOWN;
        }
    }

    public OutboundReply {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new reply, not yet attempted. */
    public static OutboundReply pending(String key, String ticketId, String text, Instant at) {
        return new OutboundReply(key, ticketId, text, State.PENDING, null, null, null, null, at, 0);
    }

    /** This reply moved to {@code next}, with the details that go with it. */
    public OutboundReply to(State next, String wamid, String reason) {
        return new OutboundReply(key, ticketId, text, next, wamid != null ? wamid : this.wamid, noteId, notedState, reason,
                createdAt, version + 1);
    }

    /** The ticket's note {@code id} now shows this reply's state. */
    public OutboundReply noted(String id) {
        return new OutboundReply(key, ticketId, text, state, wamid, id, state, reason, createdAt, version + 1);
    }

    @Override
    public String toString() {
        return "OutboundReply[" + key + ", " + ticketId + ", " + state + ", v" + version + "]"; // never the text
    }
}
