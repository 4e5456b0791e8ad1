package dev.threadline.application.port;

import dev.threadline.domain.MessageRef;

/**
 * Remembers every WhatsApp message intake has accepted, for at least as long as Meta may redeliver it
 * (7 days, so records live 8).
 *
 * <p>The ledger is what turns Meta's at-least-once delivery into one queued job per message without
 * ever swallowing one: a record only says "drop further copies" once ticket-fn has applied the
 * message. Until then a redelivery is queued again, and SQS FIFO deduplication (5 minutes) or
 * ticket-fn's own applied-check absorbs the extra copy.
 */
public interface MessageLedger {

    /**
     * Records the job (a message, a helpdesk event, a delivery report) as received, atomically: of any number of concurrent calls for the same
     * message exactly one returns {@link Claim.First}.
     *
     * @throws RuntimeException when the store is unreachable; nothing may be assumed recorded
     */
    Claim claim(MessageRef job);

    /**
     * Marks the job applied, for a job ticket-fn applies without a session write to carry the mark
     * (the others are marked in the same transaction as their effect): intake drops its redeliveries from now on.
     */
    void markApplied(MessageRef job);

    /** What {@link #claim} found. */
    sealed interface Claim {
        /** This call recorded the message: it must be queued. */
        record First() implements Claim {}

        /** Seen before and already applied by ticket-fn: this copy can be dropped. */
        record AlreadyApplied() implements Claim {}

        /** Seen before but not applied yet (queued, in flight, or lost): queue it again. */
        record SeenNotApplied() implements Claim {}
    }
}
