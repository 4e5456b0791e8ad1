package dev.threadline.application.port;

import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Priority;
import dev.threadline.domain.TicketStatus;
import dev.threadline.domain.Transcript;

/**
 * The ticket system (ERPNext's Issue doctype in production). It is given plain text, as the
 * customer wrote it: rendering it for the ticket system (HTML, escaping, field limits such as a
 * subject's length) is the adapter's job.
 *
 * <p>Failures are of two kinds: {@link TransientHelpdeskException} (retry later; the adapter has
 * already retried with backoff) and {@link PermanentHelpdeskException} (will never succeed as sent:
 * dead-letter it with the reason).
 */
public interface Helpdesk {

    /**
     * Opens a ticket, idempotently: if a ticket with {@code ticket.idempotencyKey()} exists already
     * (a retry after a timeout or crash), returns that one instead of creating a second.
     */
    TicketRef openTicket(NewTicket ticket);

    /** The ticket's current status; {@link TicketStatus#GONE} when it no longer exists. */
    TicketStatus status(String ticketId);

    /**
     * Adds the customer's message(s) to the ticket's timeline. Not idempotent by itself: callers
     * that may be repeating a post check {@link #hasPost} first.
     */
    void append(String ticketId, TicketPost post);

    /** Whether a post with this key is already on the ticket. */
    boolean hasPost(String ticketId, String postKey);

    /**
     * Adds an internal note to the ticket (never shown to the customer), e.g. the delivery state of an
     * agent's reply.
     *
     * @param text plain text; the adapter escapes it
     * @return the note's id, for {@link #updateNote}
     */
    String addNote(String ticketId, String text);

    /**
     * Whether an internal note containing {@code marker} is on the ticket, so a note that may have
     * been added before a crash is not added twice. Where the helpdesk does not let the API user list
     * notes, answers {@code false}: such a note may then appear twice, never go missing.
     */
    boolean hasNote(String ticketId, String marker);

    /** Replaces an internal note's text (added by {@link #addNote}); adds a new note if it cannot. */
    String updateNote(String ticketId, String noteId, String text);

    /** Where an agent opens the ticket. */
    String linkTo(String ticketId);

    /**
     * Attaches a private file to the ticket. Not idempotent by itself: callers that may be repeating an
     * upload check {@link #hasAttachment} first, which is why file names are deterministic.
     *
     * @return where the helpdesk keeps the file (its URL path)
     */
    String attach(String ticketId, Attachment attachment);

    /** Whether a file of this name is attached to the ticket already. */
    boolean hasAttachment(String ticketId, String fileName);

    /**
     * A file for a ticket.
     *
     * @param fileName deterministic for the file (it names the WhatsApp media id), safe as a file name
     * @param contentType the MIME type, e.g. {@code image/jpeg}
     */
    record Attachment(String fileName, String contentType, byte[] bytes) {}

    /**
     * A ticket to open.
     *
     * @param subject the issue's summary, any length; the adapter fits it to the ticket system
     * @param customerName the name the customer gave WhatsApp, or {@code null}; untrusted
     * @param transcript the messages that open the ticket, with their ids and times; untrusted
     * @param priority the classification's priority; the adapter maps it to the site's names
     * @param issueType the classification's free-text type, or {@code null}
     * @param customer whose ticket this is
     * @param phone the customer's WhatsApp number, or {@code null} (username users)
     * @param idempotencyKey deterministic for the opening message, at most 140 characters
     * @param needsTriage whether a person should check the classification
     */
    record NewTicket(String subject, String customerName, Transcript transcript, Priority priority, String issueType,
                     CustomerKey customer, String phone, String idempotencyKey, boolean needsTriage) {}

    /** A ticket that exists. */
    record TicketRef(String id) {}

    /**
     * Customer message(s) to add to a ticket.
     *
     * @param key deterministic for the turn (its first message id); used by {@link #hasPost}
     * @param transcript the messages, with their ids and times; untrusted
     * @param flagged added by default (the SAME/NEW judge was unavailable or unsure): the post asks a
     *     person to check whether it is a new issue
     * @param phone the customer's WhatsApp number, or {@code null}
     */
    record TicketPost(String key, Transcript transcript, boolean flagged, String phone) {}

    /** The helpdesk is unreachable or overloaded; worth retrying later. */
    class TransientHelpdeskException extends RuntimeException {
        public TransientHelpdeskException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A write whose request may or may not have been applied: the helpdesk did not answer in time
     * (read timeout, gateway timeout). It may still commit later, so it must not be repeated at once;
     * whoever repeats it first checks whether it landed, after giving it time to.
     */
    class OutcomeUnknownException extends TransientHelpdeskException {
        public OutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The helpdesk refused the request for a reason that retrying will not fix. */
    class PermanentHelpdeskException extends RuntimeException {
        public PermanentHelpdeskException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
