package dev.threadline.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.TicketStatus;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@code HELPDESK_EVENTS=poll} through sweeper-fn's Lambda handler: the ERPNext emulator with no
 * Webhook documents (a site that cannot call us), DynamoDB Local and ElasticMQ. What an agent does in
 * the desk reaches the customer's FIFO group as the webhooks' HelpdeskEvents would.
 */
@ExtendWith(AwsBackend.class)
class HelpdeskPollIT {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private final AwsEndpoints aws;
    private Provisioner.Resources resources;
    private ErpNextFake erpnext;
    private ApplicationContext context;
    private SqsClient sqs;

    HelpdeskPollIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        resources = Provisioner.provision(aws, "poll-" + UUID.randomUUID().toString().substring(0, 8));
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties());
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        properties.put("threadline.sqs.queue-url", resources.queueUrl());
        properties.put("threadline.erpnext.url", erpnext.baseUrl());
        properties.put("threadline.erpnext.api-key", erpnext.options().apiKey());
        properties.put("threadline.erpnext.api-secret", erpnext.options().apiSecret());
        properties.put("threadline.helpdesk-events", "poll");
        context = ApplicationContext.run(properties);
        sqs = aws.sqsClient();
    }

    @AfterEach
    void stop() {
        context.close();
        erpnext.close();
        sqs.close();
    }

    private void run() {
        new SweeperHandler(context).handleRequest(new ScheduledEvent(), null);
    }

    /** Janas's ticket, opened as ticket-fn opens it, and the directory record ticket-fn writes with it. */
    private String janasTicket() throws Exception {
        String body = "{\"subject\":\"Printer on fire\",\"custom_idempotency_key\":\"k-jana-1\",\"custom_customer_key\":\""
                + JANA.value() + "\"}";
        HttpResponse<String> created;
        try (HttpClient http = HttpClient.newHttpClient()) {
            created = http.send(HttpRequest.newBuilder(URI.create(erpnext.baseUrl() + "/api/resource/Issue"))
                    .header("Authorization", "token " + erpnext.options().apiKey() + ":" + erpnext.options().apiSecret())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String ticket = new ObjectMapper().readTree(created.body()).at("/data/name").asText();
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            dynamo.putItem(b -> b.tableName(resources.tableName()).item(Map.of(
                    "pk", AttributeValue.fromS("ISSUE#" + ticket), "sk", AttributeValue.fromS("ISSUE"),
                    "customer", AttributeValue.fromS(JANA.value()))));
        }
        return ticket;
    }

    /** Receives and deletes until a receive comes back empty after at least {@code expected} jobs. */
    private List<Message> drainJobs(int expected) {
        List<Message> jobs = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(resources.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(resources.queueUrl()).receiptHandle(m.receiptHandle())));
            jobs.addAll(batch);
            if (batch.isEmpty() && jobs.size() >= expected) {
                return jobs;
            }
        }
        throw new AssertionError("expected " + expected + " jobs before the deadline, got " + jobs.size());
    }

    private static HelpdeskEvent decode(Message job) {
        return (HelpdeskEvent) new JobCodec(new ObjectMapper()).decode(job.body());
    }

    @Test
    void anAgentsReplyAndACloseArriveInTheCustomersGroup_afterOneRun_andASecondRunQueuesNothing() throws Exception {
        String ticket = janasTicket();
        erpnext.comment(ticket, "an old note, from before polling was switched on", false);
        run(); // the first run starts at the present
        assertThat(drainJobs(0)).as("nothing from before the first run").isEmpty();

        erpnext.comment(ticket, "Please switch it off & on again.", true);
        erpnext.setIssueStatus(ticket, "Closed");
        run();

        List<Message> jobs = drainJobs(2);
        assertThat(jobs).hasSize(2).allSatisfy(job ->
                assertThat(job.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(JANA.digest()));
        List<HelpdeskEvent> events = jobs.stream().map(HelpdeskPollIT::decode).toList();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.customer()).isEqualTo(JANA);
            assertThat(e.ticketId()).isEqualTo(ticket);
        });
        assertThat(events).filteredOn(e -> e.kind() == HelpdeskEvent.Kind.COMMENT).singleElement()
                .satisfies(e -> assertThat(e.text()).isEqualTo("reply: Please switch it off & on again."));
        assertThat(events).filteredOn(e -> e.kind() == HelpdeskEvent.Kind.STATUS).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(TicketStatus.CLOSED));
        assertThat(erpnext.webhooks().log()).as("the site sent no webhook").isEmpty();

        run();
        assertThat(drainJobs(0)).as("a second run queues nothing new").isEmpty();
    }
}
