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
 * @param question what the judge was asked (customer text: stored apart with a TTL, for replay with
 *     {@code judge-eval --from-audit}), or {@code null} when a rule decided
 */
public record DecisionRecord(List<String> messageIds, Instant decidedAt, Decision decision, String ticketId,
                             JudgeQuestion question) {
    public DecisionRecord {
        messageIds = List.copyOf(messageIds);
    }

    public DecisionRecord(List<String> messageIds, Instant decidedAt, Decision decision, String ticketId) {
        this(messageIds, decidedAt, decision, ticketId, null);
    }
}
