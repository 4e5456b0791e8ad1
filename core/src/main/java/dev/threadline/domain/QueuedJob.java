package dev.threadline.domain;

/**
 * One job on the per-customer FIFO queue: a customer's WhatsApp message, a change an agent made in
 * the helpdesk, or WhatsApp's report on a reply we sent. All three share the customer's FIFO group,
 * so what the customer writes and what the agent answers are applied in the order they happened.
 */
public sealed interface QueuedJob permits InboundMessage, HelpdeskEvent, DeliveryReport {

    /** Whose conversation the job belongs to: its FIFO group. */
    CustomerKey customer();

    /** Its identity for deduplication in the ledger. */
    MessageRef ref();
}
