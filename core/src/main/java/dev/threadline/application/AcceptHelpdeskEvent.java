package dev.threadline.application;

import dev.threadline.config.Functions;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.MessageLedger;
import dev.threadline.application.port.MessageLedger.Claim;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.TicketDirectory;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.TicketStatus;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Intake's use case for a verified helpdesk webhook: find whose ticket it is, drop what was already
 * applied, and queue it in that customer's FIFO group, behind their WhatsApp messages.
 */
@Singleton
@Requires(condition = Functions.QueuesHelpdeskChanges.class)
public class AcceptHelpdeskEvent {

    private final TicketDirectory directory;
    private final MessageLedger ledger;
    private final JobQueue queue;
    private final Metrics metrics;

    public AcceptHelpdeskEvent(TicketDirectory directory, MessageLedger ledger, JobQueue queue, Metrics metrics) {
        this.directory = directory;
        this.ledger = ledger;
        this.queue = queue;
        this.metrics = metrics;
    }

    /**
     * A change as the helpdesk described it, before we know whose ticket it is.
     *
     * @see HelpdeskEvent for the fields
     */
    public record Change(String doctype, String name, String modified, String ticketId, HelpdeskEvent.Kind kind,
                         TicketStatus status, String text) {}

    /** What became of a change. */
    public enum Outcome {
        /** Queued for ticket-fn. */
        QUEUED,
        /** Seen and applied before: a redelivery. */
        DUPLICATE,
        /** Not a ticket Threadline opened: nothing to do. */
        NOT_OURS
    }

    /**
     * @throws RuntimeException when it could not be recorded or queued; the caller answers 5xx so
     *     Frappe tries again
     */
    public Outcome accept(Change change) {
        CustomerKey customer = directory.customerOf(change.ticketId());
        if (customer == null) {
            metrics.counts(Map.of("HelpdeskEventsNotOurs", 1L));
            return Outcome.NOT_OURS;
        }
        HelpdeskEvent event = new HelpdeskEvent(change.doctype(), change.name(), change.modified(), change.ticketId(),
                customer, change.kind(), change.status(), change.text());
        Claim claim = ledger.claim(event.ref());
        if (claim instanceof Claim.AlreadyApplied) {
            metrics.counts(Map.of("HelpdeskEventsDuplicate", 1L));
            return Outcome.DUPLICATE;
        }
        queue.enqueue(List.of(event));
        metrics.counts(Map.of("HelpdeskEventsQueued", 1L));
        return Outcome.QUEUED;
    }
}
