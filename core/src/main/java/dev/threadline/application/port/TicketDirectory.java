package dev.threadline.application.port;

import dev.threadline.domain.CustomerKey;

/**
 * Which customer a ticket belongs to, so that a change made in the helpdesk joins that customer's
 * queue. Recorded when Threadline opens the ticket, in the same write as the ticket's history.
 */
public interface TicketDirectory {

    /**
     * @return the customer, or {@code null} for a ticket Threadline did not open (or opened before
     *     this record existed)
     */
    CustomerKey customerOf(String ticketId);
}
