package dev.threadline.domain;

import java.util.Objects;

/**
 * A change in the helpdesk that Threadline follows: an agent's comment on a ticket, or a ticket's
 * new status. Frappe sends no delivery id, so a change is identified by its document and that
 * document's {@code modified} timestamp (docs/contracts/erpnext.md §10).
 *
 * @param doctype {@code Comment} or {@code Issue}
 * @param name the document's name (the comment's, or the ticket's)
 * @param modified the document's {@code modified} value, verbatim ("2026-12-06 10:00:00.123456"):
 *     Frappe's format sorts as text, which orders the changes of one document
 * @param ticketId the ticket it concerns
 * @param customer whose ticket it is
 * @param kind what changed
 * @param status the ticket's status after the change ({@link Kind#STATUS}), else {@code null}
 * @param text the comment as plain text ({@link Kind#COMMENT}; agent-written, so untrusted), else
 *     {@code null}
 */
public record HelpdeskEvent(String doctype, String name, String modified, String ticketId, CustomerKey customer,
                            Kind kind, TicketStatus status, String text) implements QueuedJob {

    /** What changed. */
    public enum Kind { COMMENT, STATUS }

    public HelpdeskEvent {
        Objects.requireNonNull(doctype, "doctype");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.STATUS) {
            Objects.requireNonNull(status, "status");
        } else {
            text = text == null ? "" : text;
        }
    }

    /** The ledger identity: (doctype, name, modified), scoped apart from WhatsApp's wamids. */
    @Override
    public MessageRef ref() {
        return new MessageRef("erpnext", doctype + "/" + name + "@" + modified);
    }

    @Override
    public String toString() {
        return "HelpdeskEvent[" + doctype + " " + name + ", " + kind + ", " + ticketId + ", " + customer + "]";
    }
}
