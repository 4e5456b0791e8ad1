package dev.threadline.adapter.sqs;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import dev.threadline.application.port.JobFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.QueuedJob;
import dev.threadline.domain.ReplyCallback;
import dev.threadline.domain.TicketStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The JSON body of a queued job: a WhatsApp message, a helpdesk change, a delivery report or a customer
 * error, each with its own {@code kind}. Versioned, so that a message written by an older intake can still
 * be read by a newer ticket-fn while a deployment rolls.
 */
@Singleton
@Requires(condition = Functions.ReadsOrWritesJobs.class)
public class JobCodec implements JobFormat {

    static final int VERSION = 1;
    /** Job kinds; a body without one is a WhatsApp message (the only kind before replies existed). */
    static final String MESSAGE = "message";
    static final String HELPDESK = "helpdesk";
    static final String DELIVERY = "delivery";
    static final String CUSTOMER_ERROR = "customer-error";

    private final ObjectMapper json;

    public JobCodec(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String encode(QueuedJob job) {
        try {
            return switch (job) {
                // text and mediaIds too, so a ticket-fn of the previous release reads the job during a rolling deploy.
                case InboundMessage m -> json.writeValueAsString(new Job(VERSION, m.messageId(), m.customer().phoneNumberId(),
                        m.customer().value(), m.phone(), m.userId(), m.username(), m.profileName(),
                        m.sentAt().getEpochSecond(), m.type(), ContentJob.legacyText(m.content()),
                        m.content() instanceof Content.Media media ? List.of(media.mediaId()) : List.of(),
                        ContentJob.of(m.content()), m.contextId(), json.readTree(m.rawJson())));
                case HelpdeskEvent e -> json.writeValueAsString(new EventJob(VERSION, HELPDESK, e.customer().value(),
                        e.doctype(), e.name(), e.modified(), e.ticketId(), e.kind(), e.status(), e.text()));
                case DeliveryReport r -> json.writeValueAsString(new ReportJob(VERSION, DELIVERY, r.customer().value(),
                        r.phoneNumberId(), r.wamid(), r.callback().encode(), r.status(), r.at().getEpochSecond(),
                        r.errorCode(), r.errorTitle()));
                case CustomerError c -> json.writeValueAsString(new ErrorJob(VERSION, CUSTOMER_ERROR, c.customer().value(),
                        c.phoneNumberId(), c.wamid(), c.code(), c.title(), c.at().getEpochSecond()));
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException when the body is not a job this version can read; such a
     *     job can never succeed and belongs in the dead-letter queue
     */
    @Override
    public QueuedJob decode(String body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("queued job is not valid JSON: " + e.getClass().getSimpleName(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("queued job is not a JSON object");
        }
        if (tree.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("unsupported job version " + tree.path("v").asText());
        }
        try {
            return switch (tree.path("kind").asText(MESSAGE)) {
                case MESSAGE -> message(json.treeToValue(tree, Job.class));
                case HELPDESK -> {
                    EventJob e = json.treeToValue(tree, EventJob.class);
                    yield new HelpdeskEvent(e.doctype(), e.name(), e.modified(), e.ticketId(), CustomerKey.parse(e.customer()),
                            e.event(), e.status(), e.text());
                }
                case DELIVERY -> {
                    ReportJob r = json.treeToValue(tree, ReportJob.class);
                    ReplyCallback callback = ReplyCallback.parse(r.callback());
                    if (callback == null) {
                        throw new IllegalArgumentException("delivery report without Threadline's callback data");
                    }
                    yield new DeliveryReport(CustomerKey.parse(r.customer()), r.phoneNumberId(), r.wamid(), callback,
                            r.status(), Instant.ofEpochSecond(r.timestamp()), r.errorCode(), r.errorTitle());
                }
                case CUSTOMER_ERROR -> {
                    ErrorJob e = json.treeToValue(tree, ErrorJob.class);
                    yield new CustomerError(CustomerKey.parse(e.customer()), e.phoneNumberId(), e.wamid(), e.code(), e.title(),
                            Instant.ofEpochSecond(e.timestamp()));
                }
                default -> throw new IllegalArgumentException("unknown job kind " + tree.path("kind").asText());
            };
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("queued job is incomplete: " + e.getMessage(), e);
        }
    }

    private InboundMessage message(Job job) throws IOException {
        Content content = job.content() != null ? job.content().content()
                : ContentJob.legacy(job.type(), job.text(), job.mediaIds());
        return new InboundMessage(job.messageId(), CustomerKey.parse(job.customer()), job.phone(), job.userId(),
                job.username(), job.profileName(), Instant.ofEpochSecond(job.timestamp()), job.type(), content,
                job.contextId(), json.writeValueAsString(job.raw()));
    }

    /** A helpdesk change. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventJob(int v, String kind, String customer, String doctype, String name, String modified, String ticketId,
                    HelpdeskEvent.Kind event, TicketStatus status, String text) {}

    /** WhatsApp's status of a sent reply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReportJob(int v, String kind, String customer, String phoneNumberId, String wamid, String callback,
                     String status, long timestamp, Integer errorCode, String errorTitle) {}

    /** WhatsApp's report of a failed message to the customer that Threadline did not send. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorJob(int v, String kind, String customer, String phoneNumberId, String wamid, Integer code, String title,
                    long timestamp) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Job(
            int v,
            String messageId,
            String phoneNumberId,
            String customer,
            String phone,
            String userId,
            String username,
            String profileName,
            long timestamp,
            String type,
            String text,
            List<String> mediaIds,
            ContentJob content,
            String contextId,
            JsonNode raw) {}
}
