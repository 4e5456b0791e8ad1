package dev.threadline.application;

/**
 * What one customer (or a script posing as one) may cost the team. Neither limit drops a message:
 * past them, messages still land on the customer's open ticket, and a person is asked to look.
 *
 * @param newTicketsPerDay tickets one customer may open per UTC day ({@code NEW_TICKETS_PER_DAY});
 *     past it, a NEW decision appends to the open ticket, flagged, and the team is told once that day
 * @param messagesPerMinute messages per minute after which a customer's further messages are merged
 *     into the ticket they are on instead of being judged for a new issue ({@code MESSAGES_PER_MINUTE})
 */
public record FloodLimits(int newTicketsPerDay, int messagesPerMinute) {

    public static final FloodLimits DEFAULT = new FloodLimits(10, 20);

    public FloodLimits {
        if (newTicketsPerDay < 1) {
            throw new IllegalArgumentException("NEW_TICKETS_PER_DAY must be at least 1, was " + newTicketsPerDay);
        }
        if (messagesPerMinute < 1) {
            throw new IllegalArgumentException("MESSAGES_PER_MINUTE must be at least 1, was " + messagesPerMinute);
        }
    }
}
