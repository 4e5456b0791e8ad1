package dev.threadline.domain;

/**
 * One job on the per-customer FIFO queue: a customer's WhatsApp message, a change an agent made in
 * the helpdesk, WhatsApp's report on a reply we sent, or its report of a failed message to the customer
 * that we did not send. All share the customer's FIFO group,
 * so what the customer writes and what the agent answers are applied in the order they happened.
 */
public sealed interface QueuedJob permits InboundMessage, HelpdeskEvent, DeliveryReport, CustomerError {

    /** Whose conversation the job belongs to: its FIFO group. */
    CustomerKey customer();

    /** Its identity for deduplication in the ledger. */
    MessageRef ref();
}
