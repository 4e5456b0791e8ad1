package dev.threadline.domain;

import java.time.Instant;
import java.util.List;

/**
 * One audited routing decision, readable per customer.
 *
 * @param messageIds the turn's messages
 * @param decidedAt processing time of the decision
 * @param decision what was decided, by which stage, how sure, how fast
 * @param ticketId the ticket appended to (SAME), or {@code null} when a ticket is being opened
 */
public record DecisionRecord(List<String> messageIds, Instant decidedAt, Decision decision, String ticketId) {
    public DecisionRecord {
        messageIds = List.copyOf(messageIds);
    }
}
