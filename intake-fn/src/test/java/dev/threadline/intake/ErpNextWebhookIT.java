package dev.threadline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.TicketStatus;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * ERPNext's webhooks through intake's real Lambda handler, with Frappe's own body and signature
 * format (events/intake-erpnext-*.json, signed as Frappe signs: base64 HMAC-SHA256 of json.dumps).
 */
@ExtendWith(AwsBackend.class)
class ErpNextWebhookIT {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private final AwsEndpoints aws;
    private IntakeFixture intake;

    ErpNextWebhookIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void janasTicketWasOpenedByThreadline() {
        intake = new IntakeFixture(aws);
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            dynamo.putItem(b -> b.tableName(intake.resources.tableName()).item(Map.of(
                    "pk", AttributeValue.fromS("ISSUE#ISS-2026-00001"), "sk", AttributeValue.fromS("ISSUE"),
                    "customer", AttributeValue.fromS(JANA.value()))));
        }
    }

    @AfterEach
    void close() {
        intake.close();
    }

    private HelpdeskEvent decode(Message job) {
        return (HelpdeskEvent) new JobCodec(new ObjectMapper()).decode(job.body());
    }

    @Test
    void anAgentsCommentIsQueuedInTheCustomersGroup_asPlainText() {
        APIGatewayV2HTTPResponse response = intake.send(Events.http("intake-erpnext-comment-reply.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("queued");
        Message job = intake.drainJobs(1).get(0);
        assertThat(job.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(JANA.digest());
        HelpdeskEvent event = decode(job);
        assertThat(event.kind()).isEqualTo(HelpdeskEvent.Kind.COMMENT);
        assertThat(event.ticketId()).isEqualTo("ISS-2026-00001");
        assertThat(event.customer()).isEqualTo(JANA);
        assertThat(event.text()).isEqualTo("reply: Please switch the printer off & on again — then try once more.");
    }

    @Test
    void frappesRetriesOfTheSameChangeGiveOneJob() {
        for (int i = 0; i < 3; i++) {
            assertThat(intake.send(Events.http("intake-erpnext-issue-closed.json")).getStatusCode()).isEqualTo(200);
        }
        List<Message> jobs = intake.drainJobs(1);
        assertThat(jobs).hasSize(1);
        assertThat(decode(jobs.get(0)).status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void aForgedOrUnsignedEventIs401AndWritesNothing() {
        var forged = Events.http("intake-erpnext-forged.json");
        var unsigned = Events.http("intake-erpnext-comment-reply.json");
        unsigned.getHeaders().remove("x-frappe-webhook-signature");

        assertThat(intake.send(forged).getStatusCode()).isEqualTo(401);
        assertThat(intake.send(unsigned).getStatusCode()).isEqualTo(401);
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            assertThat(dynamo.scan(b -> b.tableName(intake.resources.tableName())).items())
                    .as("only the directory item the test wrote").hasSize(1);
        }
        assertThat(intake.sqs.receiveMessage(b -> b.queueUrl(intake.resources.queueUrl()).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void aTicketThreadlineDidNotOpenIsAcknowledgedAndIgnored() {
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            dynamo.deleteItem(b -> b.tableName(intake.resources.tableName()).key(Map.of(
                    "pk", AttributeValue.fromS("ISSUE#ISS-2026-00001"), "sk", AttributeValue.fromS("ISSUE"))));
        }
        APIGatewayV2HTTPResponse response = intake.send(Events.http("intake-erpnext-comment-internal.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("not_ours");
        assertThat(intake.sqs.receiveMessage(b -> b.queueUrl(intake.resources.queueUrl()).waitTimeSeconds(1)).messages()).isEmpty();
    }
}
