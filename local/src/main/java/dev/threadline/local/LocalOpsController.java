package dev.threadline.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Session;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The local stack's readiness probe and operator views. Only in the local runner: on AWS the same
 * questions are answered by CloudWatch and the console.
 */
@Controller
@Requires(property = "threadline.local", value = "true")
public class LocalOpsController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionStore sessions;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String table;
    private final String queueUrl;
    private final String dlqUrl;

    public LocalOpsController(SessionStore sessions, DynamoDbClient dynamo, SqsClient sqs,
                              @Value("${threadline.dynamodb.table-name}") String table,
                              @Value("${threadline.sqs.queue-url}") String queueUrl,
                              @Value("${threadline.sqs.dead-letter-queue-url}") String dlqUrl) {
        this.sessions = sessions;
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.table = table;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
    }

    /** 200 with {@code "status":"UP"} once the table and the queues answer; 503 otherwise. */
    @Get("/health")
    public HttpResponse<Map<String, Object>> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            body.put("table", dynamo.describeTable(b -> b.tableName(table)).table().tableStatusAsString());
            body.put("queuedJobs", Long.toString(queuedJobs(sqs, queueUrl)));
            body.put("deadLetteredJobs", deadLetterDepth(sqs, dlqUrl));
            body.put("status", "UP");
            return HttpResponse.ok(body);
        } catch (RuntimeException e) {
            body.put("status", "DOWN");
            body.put("error", e.getClass().getSimpleName());
            return HttpResponse.<Map<String, Object>>serverError().status(503).body(body);
        }
    }

    /**
     * The judge inputs still kept in the audit ({@code JUDGE_INPUT_TTL}), as judge-eval items whose
     * label is what was decided then: {@code judge-eval --from-audit} re-judges them. A bounded scan:
     * this is the local stack's table, not a production path.
     */
    @Get(value = "/ops/judge-inputs", produces = "application/x-ndjson")
    public String judgeInputs() throws JsonProcessingException {
        StringBuilder out = new StringBuilder();
        var pages = dynamo.scanPaginator(b -> b.tableName(table).filterExpression("begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("JUDGEIN#"))));
        int n = 0;
        for (Map<String, AttributeValue> item : pages.items()) {
            if (n++ >= 5_000) {
                break;
            }
            ObjectNode doc = (ObjectNode) JSON.readTree(item.get("judge_input").s());
            doc.put("id", "audit:" + CustomerKey.parse(item.get("pk").s().substring("CUST#".length())).fingerprint()
                    + ":" + item.get("sk").s().substring("JUDGEIN#".length()));
            doc.put("label", "FIRST".equals(doc.path("decision").asText()) ? "NEW" : doc.path("decision").asText());
            doc.put("tag", "stage_" + doc.path("stage").asText().toLowerCase());
            out.append(doc).append('\n');
        }
        return out.toString();
    }

    /**
     * A customer's session, ticket history and decision audit; the key is {@code <phone_number_id>:<user>}.
     * A key of another form is a 400 with one sentence, not a server error.
     */
    @Get("/ops/customers/{key}")
    public HttpResponse<Map<String, Object>> customer(@PathVariable String key) {
        CustomerKey customer;
        try {
            customer = CustomerKey.parse(key);
        } catch (IllegalArgumentException e) {
            return HttpResponse.<Map<String, Object>>badRequest().body(Map.of("error", SessionTable.badKey(key)));
        }
        Session s = sessions.load(customer);
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("session_status", s.status());
        session.put("open_ticket_id", s.openTicketId());
        session.put("last_issue_summary", s.lastIssueSummary());
        session.put("last_activity_timestamp", s.lastActivity() == null ? null : s.lastActivity().toString());
        session.put("ticket_status_seen", s.ticketStatusSeen());
        session.put("version", s.version());
        session.put("pending", s.pending() == null ? null : s.pending().getClass().getSimpleName());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customer", key);
        out.put("session", session);
        var tickets = sessions.tickets(customer);
        out.put("tickets", tickets.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ticket", t.ticketId());
            m.put("opening_message", t.openingMessageId());
            m.put("opened_at", t.openedAt().toString());
            m.put("closed_at", t.closedAt() == null ? null : t.closedAt().toString());
            return m;
        }).toList());
        out.put("decisions", sessions.decisions(customer).stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messages", d.messageIds());
            m.put("decided_at", d.decidedAt().toString());
            m.put("decision", d.decision().kind());
            m.put("stage", d.decision().stage());
            m.put("confidence", d.decision().confidence());
            m.put("reason", d.decision().reason());
            m.put("latency_ms", d.decision().latencyMillis());
            // An opening decision is audited before its ticket exists; the ticket history names it.
            m.put("ticket", d.ticketId() != null ? d.ticketId() : tickets.stream()
                    .filter(t -> d.messageIds().get(0).equals(t.openingMessageId()))
                    .map(t -> t.ticketId()).findFirst().orElse(null));
            return m;
        }).toList());
        return HttpResponse.ok(out);
    }

    /** The dead-letter queue: each job's id and why it failed. Peeking leaves them in place. */
    @Get("/ops/dlq")
    public List<Map<String, Object>> deadLetters() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message m : peekAll()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sqsMessageId", m.messageId());
            row.put("reason", m.messageAttributes().containsKey("failure_reason")
                    ? m.messageAttributes().get("failure_reason").stringValue() : "exceeded the maximum receives");
            row.put("receives", m.attributesAsStrings().get("ApproximateReceiveCount"));
            out.add(row);
        }
        return out;
    }

    /** Moves every dead-lettered job back to the jobs queue, in order, to be applied afresh. */
    @Post("/ops/dlq/redrive")
    public Map<String, Object> redrive() {
        int moved = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            if (batch.isEmpty()) {
                return Map.of("redriven", moved);
            }
            for (Message m : batch) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(m.body())
                        .messageGroupId(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                        .messageDeduplicationId(m.messageId() + "-redrive"));
                sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()));
                moved++;
            }
        }
    }

    /** Jobs waiting in the jobs queue (not those being worked on). */
    static long queuedJobs(SqsClient sqs, String queueUrl) {
        return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
    }

    /** Jobs in the dead-letter queue, including those a {@code dlq} listing is peeking at. */
    static long deadLetterDepth(SqsClient sqs, String dlqUrl) {
        Map<String, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Long.parseLong(counts.get("ApproximateNumberOfMessages"))
                + Long.parseLong(counts.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private List<Message> peekAll() {
        List<Message> seen = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(2).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (batch.isEmpty()) {
                seen.forEach(m -> sqs.changeMessageVisibility(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0)));
                return seen;
            }
            seen.addAll(batch);
        }
    }
}
