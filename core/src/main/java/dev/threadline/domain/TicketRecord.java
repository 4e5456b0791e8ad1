package dev.threadline.domain;

import java.time.Instant;

/**
 * One ticket in a customer's history: every ticket they ever had, so several tickets over time stay
 * queryable after the session has moved on.
 *
 * @param closedAt when the episode ended (idle close, NEW issue, closed ticket), or {@code null}
 */
public record TicketRecord(String ticketId, String openingMessageId, Instant openedAt, Instant closedAt) {}
