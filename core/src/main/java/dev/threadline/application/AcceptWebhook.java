package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.config.Functions;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.MessageLedger;
import dev.threadline.application.port.MessageLedger.Claim;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.TicketDirectory;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.QueuedJob;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.WebhookDelivery;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake's use case: turn one verified webhook delivery into queued jobs: one per new message, per
 * status of one of our replies, and per failed message to a customer that we did not send.
 *
 * <p>Fast path only: one conditional write per message and one queue call per ten messages. No
 * ticketing work happens here, so Meta gets its 200 in milliseconds.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.INTAKE)
public class AcceptWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptWebhook.class);

    private final MessageLedger ledger;
    private final JobQueue queue;
    private final TicketDirectory directory;
    private final Metrics metrics;

    public AcceptWebhook(MessageLedger ledger, JobQueue queue, TicketDirectory directory, Metrics metrics) {
        this.ledger = ledger;
        this.queue = queue;
        this.directory = directory;
        this.metrics = metrics;
    }

    /**
     * Records and enqueues the delivery's messages.
     *
     * @throws RuntimeException when a message could not be recorded or enqueued. The caller must
     *     answer non-2xx so Meta redelivers; the ledger makes that redelivery safe.
     */
    public Accepted accept(WebhookDelivery delivery) {
        // The same wamid twice in one POST is one message.
        Map<MessageRef, InboundMessage> unique = new LinkedHashMap<>();
        delivery.messages().forEach(m -> unique.putIfAbsent(m.ref(), m));

        List<QueuedJob> toQueue = new ArrayList<>();
        int duplicates = 0;
        int requeued = 0;
        List<QueuedJob> jobs = new ArrayList<>(unique.values());
        int reports = 0;
        for (WebhookDelivery.ReplyStatus status : delivery.replyStatuses()) {
            DeliveryReport report = report(status);
            if (report != null) {
                jobs.add(report);
                reports++;
            }
        }
        // Failed messages to a customer that we did not send: the agent on their ticket should know.
        jobs.addAll(delivery.customerErrors());
        delivery.errors().forEach(e -> LOG.warn("WhatsApp reported an error", kv("code", e.code()), kv("title", e.title())));
        for (QueuedJob message : jobs) {
            Claim claim = ledger.claim(message.ref());
            switch (claim) {
                case Claim.First first -> toQueue.add(message);
                case Claim.SeenNotApplied seen -> {
                    duplicates++;
                    requeued++;
                    toQueue.add(message);
                }
                case Claim.AlreadyApplied applied -> duplicates++;
            }
        }
        queue.enqueue(toQueue);

        Accepted accepted = new Accepted(
                delivery.messages().size(), toQueue.size(), duplicates, requeued,
                delivery.statuses(), delivery.otherChanges(), delivery.rejected(), delivery.errors().size(), delivery.foreign());
        metrics.counts(Map.of(
                "MessagesIn", (long) accepted.received(),
                "MessagesQueued", (long) accepted.queued(),
                "DuplicateDeliveries", (long) accepted.duplicates(),
                "StatusesAcknowledged", (long) accepted.statuses(),
                "DeliveryReportsQueued", (long) reports,
                "CustomerErrorsQueued", (long) delivery.customerErrors().size(),
                "OtherChangesIgnored", (long) accepted.otherChanges(),
                "MessagesRejected", (long) accepted.rejected(),
                "MetaErrorsReported", (long) accepted.errors(),
                "ForeignNumberIgnored", (long) accepted.foreign()));
        return accepted;
    }

    /** The report to queue for a status of one of our replies, or {@code null} if its ticket is unknown. */
    private DeliveryReport report(WebhookDelivery.ReplyStatus status) {
        CustomerKey customer = directory.customerOf(status.callback().ticketId());
        if (customer == null) {
            metrics.counts(Map.of("DeliveryReportsUnmatched", 1L));
            return null;
        }
        return new DeliveryReport(customer, status.phoneNumberId(), status.wamid(), status.callback(), status.status(),
                status.at(), status.errorCode(), status.errorTitle());
    }

    /**
     * The outcome of one delivery.
     *
     * @param received message items in the POST
     * @param queued jobs handed to the queue (first copies plus re-queued unapplied duplicates)
     * @param duplicates messages seen before
     * @param requeued duplicates queued again because they were not applied yet
     * @param statuses status updates acknowledged
     * @param otherChanges non-message changes acknowledged
     * @param rejected message items that could not be processed at all
     * @param errors errors Meta reported (whatsapp.md §2.6, §2.7)
     * @param foreign items for a business number not on the allow-list, ignored
     */
    public record Accepted(int received, int queued, int duplicates, int requeued, int statuses, int otherChanges,
                           int rejected, int errors, int foreign) {}
}
