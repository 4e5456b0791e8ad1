package dev.threadline.application.port;

import dev.threadline.domain.Priority;

/**
 * Something the support team should know, as facts: which ticket, what happened, why. How it reads
 * (markdown, links) is the notifier adapter's business. Never carries a phone number; a summary is
 * customer-derived text.
 */
public sealed interface Notice {

    /** A fixed category for filtering and metrics. */
    Kind kind();

    enum Kind { NEW_TICKET, LOW_CONFIDENCE, FALLBACK_DECISION, PERMANENT_FAILURE, REPLY_NOT_DELIVERED, FLOOD }

    /**
     * A ticket as agents reach it.
     *
     * @param url where an agent opens it ({@link Helpdesk#linkTo})
     */
    record Ticket(String id, String url) {}

    /** A ticket was opened for a new issue. */
    record TicketOpened(Ticket ticket, String summary, Priority priority) implements Notice {
        @Override
        public Kind kind() {
            return Kind.NEW_TICKET;
        }
    }

    /**
     * A customer reached the day's budget of new tickets ({@code NEW_TICKETS_PER_DAY}): further new issues
     * that day are added to the open ticket, flagged. Sent once per customer and day.
     */
    record TicketBudgetReached(Ticket ticket, int perDay) implements Notice {
        @Override
        public Kind kind() {
            return Kind.FLOOD;
        }
    }

    /** A ticket's classification was uncertain or unavailable: a person should check it. */
    record NeedsTriage(Ticket ticket) implements Notice {
        @Override
        public Kind kind() {
            return Kind.LOW_CONFIDENCE;
        }
    }

    /** Messages were added to a ticket by default, as the SAME/NEW judge was unavailable or unsure. */
    record AppendedByDefault(Ticket ticket) implements Notice {
        @Override
        public Kind kind() {
            return Kind.FALLBACK_DECISION;
        }
    }

    /**
     * Messages could not become a ticket and went to the dead-letter queue.
     *
     * @param reason why, as the helpdesk or the job decoder said it
     */
    record DeadLettered(int messages, String reason) implements Notice {
        @Override
        public Kind kind() {
            return Kind.PERMANENT_FAILURE;
        }
    }

    /**
     * An agent's reply did not reach the customer, or may not have.
     *
     * @param certain whether WhatsApp said so (else the outcome is unknown)
     * @param reason why, data-free
     */
    record ReplyNotDelivered(Ticket ticket, boolean certain, String reason) implements Notice {
        @Override
        public Kind kind() {
            return Kind.REPLY_NOT_DELIVERED;
        }
    }
}
