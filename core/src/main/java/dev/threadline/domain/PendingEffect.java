package dev.threadline.domain;

import java.time.Instant;
import java.util.List;

/**
 * A helpdesk effect that has been decided and claimed in the session but is not confirmed yet. It
 * carries everything needed to replay it exactly, so a crash between deciding and confirming is
 * finished by the next delivery without deciding again (which could decide differently).
 */
public sealed interface PendingEffect {

    /** What every effect records about the turn it applies. */
    Turn turn();

    /** The same effect with a new attempt start ({@link Turn#claimedAt}). */
    PendingEffect reclaimed(Instant at);

    /**
     * The turn's identity and timing.
     *
     * @param messageIds the turn's messages, in order
     * @param lastMessageAt Meta's timestamp of the turn's newest message
     * @param phone the customer's WhatsApp number at that time, or {@code null}
     * @param claimedAt processing time when the current attempt started; another worker may take
     *     the effect over once a lease has passed (the attempt crashed) or at once after
     *     {@link Instant#EPOCH} (the attempt failed cleanly and released it)
     * @param texts the messages' texts, for the session's judge context once applied
     */
    record Turn(List<String> messageIds, Instant lastMessageAt, String phone, Instant claimedAt, List<String> texts) {
        public Turn {
            messageIds = List.copyOf(messageIds);
            texts = texts == null ? List.of() : List.copyOf(texts);
        }

        Turn at(Instant at) {
            return new Turn(messageIds, lastMessageAt, phone, at, texts);
        }
    }

    /**
     * Open a ticket for a new issue episode.
     *
     * @param summary the issue summary: the ticket's subject, and kept for later SAME/NEW judgements
     * @param customerName the name the customer gave WhatsApp, or {@code null}
     * @param transcript the messages that open the ticket
     * @param openedAt Meta's timestamp of the opening message
     * @param needsTriage the classification was a fallback or below the confidence threshold
     */
    record OpenTicket(Turn turn, String summary, String customerName, Transcript transcript, Priority priority,
                      String issueType, String idempotencyKey, boolean needsTriage, Instant openedAt)
            implements PendingEffect {
        @Override
        public OpenTicket reclaimed(Instant at) {
            return new OpenTicket(turn.at(at), summary, customerName, transcript, priority, issueType, idempotencyKey,
                    needsTriage, openedAt);
        }
    }

    /**
     * Append the turn to the open ticket.
     *
     * @param postKey the post's idempotency key in the helpdesk: a hex digest of the turn's first message
     *     (ERPNext compares keys case-insensitively, wamids are case-sensitive)
     * @param transcript the messages to post
     * @param reopens the ticket was Resolved; the customer's post reopens it
     * @param flagged the judge failed or was unsure and the fallback appended; a person should check
     */
    record AppendToTicket(Turn turn, String ticketId, String postKey, Transcript transcript, boolean reopens,
                          boolean flagged) implements PendingEffect {
        @Override
        public AppendToTicket reclaimed(Instant at) {
            return new AppendToTicket(turn.at(at), ticketId, postKey, transcript, reopens, flagged);
        }
    }

    /**
     * An internal note on the open ticket for messages that are no conversation of their own (a
     * reaction, a message WhatsApp does not pass on, a number change).
     *
     * @param marker unique for the turn and part of the note's text, so a replay finds the note it posted
     * @param text the note, plain text, ending with the marker
     */
    record NoteOnTicket(Turn turn, String ticketId, String marker, String text) implements PendingEffect {
        @Override
        public NoteOnTicket reclaimed(Instant at) {
            return new NoteOnTicket(turn.at(at), ticketId, marker, text);
        }
    }
}
