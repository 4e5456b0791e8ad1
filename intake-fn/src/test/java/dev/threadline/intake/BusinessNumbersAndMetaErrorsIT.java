package dev.threadline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Only our business numbers are acted on (WHATSAPP_PHONE_NUMBER_IDS), and the errors Meta reports are
 * counted and, where they concern a customer, queued: intake's real handler with the signed events
 * under events/, on DynamoDB Local and ElasticMQ.
 */
@ExtendWith(AwsBackend.class)
class BusinessNumbersAndMetaErrorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AwsEndpoints aws;
    private final List<IntakeFixture> fixtures = new ArrayList<>();

    BusinessNumbersAndMetaErrorsIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @AfterEach
    void close() {
        fixtures.forEach(IntakeFixture::close);
    }

    private IntakeFixture intake(String businessNumbers) {
        IntakeFixture fixture = new IntakeFixture(aws, aws.sqs(), businessNumbers);
        fixtures.add(fixture);
        return fixture;
    }

    @Test
    void messagesForAnAllowListedNumber_areQueued() throws Exception {
        IntakeFixture intake = intake(IntakeFixture.BUSINESS_NUMBERS);

        JsonNode reply = reply(intake.send(Events.http("intake-three-messages.json")));

        assertThat(reply.path("queued").asInt()).isEqualTo(3);
        assertThat(reply.path("foreign").asInt()).isZero();
        assertThat(intake.drainJobs(3)).hasSize(3);
    }

    @Test
    void metasDashboardTestSample_isAcknowledgedAndIgnored_whenTheAllowListIsSet() throws Exception {
        IntakeFixture intake = intake(IntakeFixture.BUSINESS_NUMBERS);

        APIGatewayV2HTTPResponse response = intake.send(Events.http("whatsapp-meta-test-sample.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(response.getBody());
        assertThat(reply.path("foreign").asInt()).isEqualTo(1);
        assertThat(reply.path("received").asInt()).isZero();
        assertThat(reply.path("queued").asInt()).isZero();
        assertThat(intake.drainJobs(0)).isEmpty();
        assertThat(ledgerItems(intake)).as("nothing written to the ledger").isZero();
    }

    @Test
    void messagesAndStatusesForAnotherNumber_areAcknowledgedAndIgnored() throws Exception {
        IntakeFixture intake = intake("109876543219999");

        JsonNode reply = reply(intake.send(Events.http("intake-three-messages.json")));

        assertThat(reply.path("foreign").asInt()).as("3 messages and 2 statuses").isEqualTo(5);
        assertThat(reply.path("statuses").asInt()).isZero();
        assertThat(intake.drainJobs(0)).isEmpty();
        assertThat(ledgerItems(intake)).isZero();
    }

    @Test
    void withoutAnAllowList_everyNumberIsAccepted_asInTheLocalStack() throws Exception {
        IntakeFixture intake = intake("");

        JsonNode reply = reply(intake.send(Events.http("whatsapp-meta-test-sample.json")));

        assertThat(reply.path("queued").asInt()).isEqualTo(1);
        assertThat(reply.path("foreign").asInt()).isZero();
        assertThat(intake.drainJobs(1)).hasSize(1);
    }

    @Test
    void accountLevelErrors_areCountedInTheReply_andQueueNothing() throws Exception {
        IntakeFixture intake = intake(IntakeFixture.BUSINESS_NUMBERS);

        JsonNode reply = reply(intake.send(Events.http("whatsapp-value-errors.json")));

        assertThat(reply.path("errors").asInt()).isEqualTo(1);
        assertThat(reply.path("queued").asInt()).isZero();
        assertThat(intake.drainJobs(0)).isEmpty();
    }

    @Test
    void failedStatusesOfMessagesWeDidNotSend_queueACustomerErrorEach_inTheCustomersGroup_keyedByBsuidWhenPresent()
            throws Exception {
        IntakeFixture intake = intake(IntakeFixture.BUSINESS_NUMBERS);

        JsonNode reply = reply(intake.send(Events.http("whatsapp-status-failed-foreign.json")));

        assertThat(reply.path("errors").asInt()).isEqualTo(2);
        assertThat(reply.path("statuses").asInt()).isEqualTo(2);
        assertThat(reply.path("queued").asInt()).isEqualTo(2);
        List<JsonNode> jobs = new ArrayList<>();
        for (Message m : intake.drainJobs(2)) {
            jobs.add(JSON.readTree(m.body()));
        }
        assertThat(jobs).extracting(j -> j.path("kind").asText()).containsOnly("customer-error");
        assertThat(jobs).extracting(j -> j.path("customer").asText()).containsExactlyInAnyOrder(
                "109876543210987:4915112345678", "109876543210987:DE.4711823609912345678");
        assertThat(jobs).extracting(j -> j.path("code").asInt()).containsExactlyInAnyOrder(131026, 131049);
    }

    @Test
    void metasRedeliveryOfAFailedStatus_isQueuedOnlyUntilApplied_likeAMessage() throws Exception {
        IntakeFixture intake = intake(IntakeFixture.BUSINESS_NUMBERS);
        intake.send(Events.http("whatsapp-status-failed-foreign.json"));
        intake.drainJobs(2);

        JsonNode again = reply(intake.send(Events.http("whatsapp-status-failed-foreign.json")));

        assertThat(again.path("duplicates").asInt()).isEqualTo(2);
        assertThat(ledgerItems(intake)).as("one ledger record per failed status").isEqualTo(2);
    }

    private static JsonNode reply(APIGatewayV2HTTPResponse response) throws Exception {
        assertThat(response.getStatusCode()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }

    private int ledgerItems(IntakeFixture intake) {
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            return dynamo.scan(b -> b.tableName(intake.resources.tableName())).count();
        }
    }
}
