package dev.threadline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.whatsapp.WebhookSignature;
import dev.threadline.config.SnapStartPriming;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * intake-fn through its real Lambda handler with HTTP API (payload 2.0) events, on DynamoDB Local
 * and ElasticMQ (or LocalStack with -Plocalstack).
 */
@ExtendWith(AwsBackend.class)
class WhatsAppWebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AwsEndpoints aws;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    WhatsAppWebhookIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private IntakeFixture intake() {
        return closeLater(new IntakeFixture(aws));
    }

    // --- handshake -------------------------------------------------------------------------------

    @Test
    void handshakeEchoesTheChallengeAsPlainText_whenTheVerifyTokenMatches() {
        APIGatewayV2HTTPResponse response = intake().send(Events.http("intake-handshake.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("1158201444");
        assertThat(header(response, "Content-Type")).startsWith("text/plain");
    }

    @Test
    void handshakeIsForbidden_whenTheVerifyTokenIsWrong() {
        APIGatewayV2HTTPResponse response = intake().send(Events.http("intake-handshake-wrong-token.json"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getBody()).doesNotContain("1158201444");
    }

    @Test
    void handshakeIsForbidden_whenTheModeIsNotSubscribe() {
        APIGatewayV2HTTPEvent event = Events.http("intake-handshake.json");
        Map<String, String> query = new HashMap<>(event.getQueryStringParameters());
        query.put("hub.mode", "unsubscribe");
        event.setQueryStringParameters(query);
        event.setRawQueryString("hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=threadline-verify-token");

        assertThat(intake().send(event).getStatusCode()).isEqualTo(403);
    }

    @Test
    void handshakeEchoesAnOpaqueChallengeByteForByte() {
        APIGatewayV2HTTPEvent event = Events.http("intake-handshake.json");
        Map<String, String> query = new HashMap<>(event.getQueryStringParameters());
        query.put("hub.challenge", "a-B_9.~x");
        event.setQueryStringParameters(query);
        event.setRawQueryString("hub.mode=subscribe&hub.challenge=a-B_9.~x&hub.verify_token=threadline-verify-token");

        APIGatewayV2HTTPResponse response = intake().send(event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("a-B_9.~x");
    }

    // --- the happy path --------------------------------------------------------------------------

    @Test
    void queuesEveryMessageOfEveryEntryAndChange_inOrderWithinTheCustomerGroup_andAcknowledgesStatuses() throws Exception {
        IntakeFixture intake = intake();

        APIGatewayV2HTTPResponse response = intake.send(Events.http("intake-three-messages.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.getBody());
        assertThat(summary.path("received").asInt()).isEqualTo(3);
        assertThat(summary.path("queued").asInt()).isEqualTo(3);
        assertThat(summary.path("statuses").asInt()).isEqualTo(2);
        List<Message> jobs = intake.drainJobs(3);
        assertThat(jobs).hasSize(3);
        List<JsonNode> bodies = bodies(jobs);
        assertThat(bodies).extracting(b -> b.path("messageId").asText()).containsExactly(
                "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBBMUIyQzNENEU1RjZBN0I4QzkA",
                "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBBMUIyQzNENEU1RjZBN0I4QzkB",
                "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBBMUIyQzNENEU1RjZBN0I4QzkC");
        assertThat(jobs).extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .containsOnly(jobs.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .allSatisfy(group -> assertThat(group).hasSize(64).doesNotContain("4915112345678"));
        assertThat(jobs).extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{64}"));
    }

    @Test
    void aJobCarriesEverythingTicketFnNeeds() throws Exception {
        IntakeFixture intake = intake();
        intake.send(Events.http("intake-three-messages.json"));

        List<JsonNode> jobs = bodies(intake.drainJobs(3));

        JsonNode image = jobs.get(1);
        assertThat(image.path("customer").asText()).isEqualTo("109876543210987:4915112345678");
        assertThat(image.path("phoneNumberId").asText()).isEqualTo("109876543210987");
        assertThat(image.path("phone").asText()).isEqualTo("4915112345678");
        assertThat(image.path("profileName").asText()).isEqualTo("Jana Kowalski");
        assertThat(image.path("timestamp").asLong()).isEqualTo(1795265950L);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("text").asText()).isEqualTo("Fehlermeldung beim Login äöü 😟");
        assertThat(image.path("mediaIds")).extracting(JsonNode::asText).containsExactly("1022334455667788");
        assertThat(image.path("content").path("kind").asText()).isEqualTo("media");
        assertThat(image.path("content").path("mimeType").asText()).isEqualTo("image/jpeg");
        assertThat(image.path("raw").path("image").path("sha256").asText()).isEqualTo("k3Jw0QnB2m7Zq9Xo1c5d0uH6w8yT4rS2aPq7LmN0vZE=");
        JsonNode reply = jobs.get(2);
        assertThat(reply.path("contextId").asText()).isEqualTo("wamid.OUT17");
        assertThat(reply.path("text").asText()).isEqualTo("Still down, café wifi too 👍");
    }

    @Test
    void keysAUsernameUserWithoutAPhoneByTheBusinessScopedUserId() throws Exception {
        IntakeFixture intake = intake();

        APIGatewayV2HTTPResponse response = intake.send(Events.http("intake-username-user.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode job = bodies(intake.drainJobs(1)).get(0);
        assertThat(job.path("customer").asText()).isEqualTo("109876543210987:US.13491208655302741918");
        assertThat(job.path("userId").asText()).isEqualTo("US.13491208655302741918");
        assertThat(job.has("phone")).isFalse();
        assertThat(job.path("profileName").asText()).isEqualTo("Ola");
    }

    @Test
    void acknowledgesAnUnknownFieldWithoutQueueingAnything() throws Exception {
        IntakeFixture intake = intake();

        APIGatewayV2HTTPResponse response = intake.send(Events.http("intake-unknown-field.json"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.getBody()).path("ignored").asInt()).isEqualTo(1);
        assertThat(intake.drainJobs(0)).isEmpty();
    }

    @Test
    void recordsTheMessageInTheLedgerForAtLeastEightDays() {
        IntakeFixture intake = intake();
        long before = Instant.now().getEpochSecond();

        intake.send(Events.http("intake-username-user.json"));

        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(intake.resources.tableName()).key(Map.of(
                    "pk", AttributeValue.fromS("MSG#109876543210987#wamid.HBgUVVMuMTM0OTEyMDg2NTUzMDI3NDE5MTgVAgASGBQzQUJDMDAwMDAwMDAwMDAwMDAwMQA="),
                    "sk", AttributeValue.fromS("MSG")))).item();
            assertThat(item.get("state").s()).isEqualTo("RECEIVED");
            assertThat(Long.parseLong(item.get("expires_at").n()) - before).isGreaterThanOrEqualTo(Duration.ofDays(8).toSeconds());
        }
    }

    // --- duplicates and faults -------------------------------------------------------------------

    @Test
    void queuesExactlyOneJob_whenTheSameDeliveryArrivesTenTimesConcurrently() throws Exception {
        IntakeFixture intake = intake();
        APIGatewayV2HTTPEvent event = Events.http("intake-username-user.json");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(pool.submit(() -> {
                start.await();
                return intake.send(event);
            }));
        }
        start.countDown();
        int firstCopies = 0;
        for (Future<APIGatewayV2HTTPResponse> response : responses) {
            assertThat(response.get().getStatusCode()).isEqualTo(200);
            firstCopies += JSON.readTree(response.get().getBody()).path("duplicates").asInt() == 0 ? 1 : 0;
        }
        pool.shutdown();

        assertThat(firstCopies).as("calls that won the ledger's conditional put").isEqualTo(1);
        assertThat(intake.drainJobs(1)).hasSize(1);
    }

    @Test
    void queuesExactlyOneJob_whenSqsFailsOnceAndMetaRetries() {
        FaultProxy sqsProxy = closeLater(FaultProxy.inFrontOf(aws.sqs()));
        IntakeFixture intake = closeLater(new IntakeFixture(aws, sqsProxy.endpoint()));
        APIGatewayV2HTTPEvent event = Events.http("intake-three-messages.json");

        sqsProxy.fail("SendMessageBatch");
        APIGatewayV2HTTPResponse failed = intake.send(event);
        sqsProxy.heal();
        APIGatewayV2HTTPResponse retried = intake.send(event);

        assertThat(sqsProxy.injectedFailures()).isPositive();
        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(retried.getStatusCode()).isEqualTo(200);
        assertThat(bodies(intake.drainJobs(3))).extracting(b -> b.path("messageId").asText()).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void answersServiceUnavailableAndRecordsNothing_whenDynamoDbIsDown() {
        FaultProxy dynamoProxy = closeLater(FaultProxy.inFrontOf(aws.dynamoDb()));
        IntakeFixture intake = closeLater(new IntakeFixture(new AwsEndpoints(dynamoProxy.endpoint(), aws.sqs(), aws.region())));
        dynamoProxy.fail("PutItem");

        APIGatewayV2HTTPResponse response = intake.send(Events.http("intake-three-messages.json"));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(intake.drainJobs(0)).isEmpty();
        dynamoProxy.heal();
        assertThat(intake.send(Events.http("intake-three-messages.json")).getStatusCode()).isEqualTo(200);
        assertThat(intake.drainJobs(3)).hasSize(3);
    }

    @Test
    void dropsARedelivery_onlyOnceTicketFnHasAppliedTheMessage() {
        IntakeFixture intake = intake();
        APIGatewayV2HTTPEvent event = Events.http("intake-username-user.json");
        intake.send(event);
        intake.drainJobs(1);
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            dynamo.updateItem(b -> b.tableName(intake.resources.tableName())
                    .key(Map.of("pk", AttributeValue.fromS("MSG#109876543210987#wamid.HBgUVVMuMTM0OTEyMDg2NTUzMDI3NDE5MTgVAgASGBQzQUJDMDAwMDAwMDAwMDAwMDAwMQA="),
                            "sk", AttributeValue.fromS("MSG")))
                    .updateExpression("SET #s = :applied")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":applied", AttributeValue.fromS("APPLIED"))));
        }

        APIGatewayV2HTTPResponse response = intake.send(event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(intake.drainJobs(0)).isEmpty();
    }

    @Test
    void snapStartPrimingTouchesDynamoDbAndSqsThroughTheFunctionsOwnClients() {
        FaultProxy dynamoProxy = closeLater(FaultProxy.inFrontOf(aws.dynamoDb()));
        FaultProxy sqsProxy = closeLater(FaultProxy.inFrontOf(aws.sqs()));
        IntakeFixture intake = closeLater(new IntakeFixture(new AwsEndpoints(dynamoProxy.endpoint(), aws.sqs(), aws.region()),
                sqsProxy.endpoint()));

        intake.context.getBean(SnapStartPriming.class).prime();

        assertThat(dynamoProxy.calls("DescribeTable")).isEqualTo(1);
        assertThat(sqsProxy.calls("GetQueueAttributes")).isEqualTo(1);
    }

    @Test
    void invocationsLeaveNoPerRequestBeansBehind_soAWarmInstanceDoesNotSlowDown() {
        IntakeFixture intake = intake();

        for (int i = 0; i < 5; i++) {
            assertThat(intake.send(Events.http("intake-handshake.json")).getStatusCode()).isEqualTo(200);
        }

        assertThat(intake.context.getBeansOfType(com.amazonaws.services.lambda.runtime.Context.class)).isEmpty();
    }

    // --- bad input -------------------------------------------------------------------------------

    @Test
    void rejectsAMissingSignatureWith401AndStoresNothing() {
        IntakeFixture intake = intake();
        APIGatewayV2HTTPEvent event = Events.http("intake-three-messages.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("x-hub-signature-256");
        event.setHeaders(headers);

        assertThat(intake.send(event).getStatusCode()).isEqualTo(401);
        assertThat(intake.drainJobs(0)).isEmpty();
        assertThat(ledgerItems(intake)).isZero();
    }

    @Test
    void rejectsABadSignatureWith401AndStoresNothing() {
        IntakeFixture intake = intake();
        APIGatewayV2HTTPEvent event = Events.http("intake-three-messages.json");
        event.setBody(event.getBody().replace("10.221.35.60", "10.221.35.61"));

        assertThat(intake.send(event).getStatusCode()).isEqualTo(401);
        assertThat(intake.drainJobs(0)).isEmpty();
        assertThat(ledgerItems(intake)).isZero();
    }

    @Test
    void rejectsMalformedJsonWith400AndStoresNothing_evenWhenProperlySigned() {
        IntakeFixture intake = intake();

        assertThat(intake.send(Events.http("intake-malformed.json")).getStatusCode()).isEqualTo(400);
        assertThat(intake.drainJobs(0)).isEmpty();
        assertThat(ledgerItems(intake)).isZero();
    }

    @Test
    void rejectsABodyOverThreeMegabytesWith413() {
        IntakeFixture intake = intake();
        APIGatewayV2HTTPEvent event = Events.http("intake-unknown-field.json");
        String padding = "x".repeat(3 * 1024 * 1024);
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"pad\":\"" + padding + "\"}";
        event.setBody(body);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-hub-signature-256", new WebhookSignature(IntakeFixture.APP_SECRET).sign(body.getBytes(StandardCharsets.UTF_8)));
        headers.remove("content-length");
        event.setHeaders(headers);

        assertThat(intake.send(event).getStatusCode()).isEqualTo(413);
        assertThat(ledgerItems(intake)).isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static List<JsonNode> bodies(List<Message> jobs) {
        List<JsonNode> bodies = new ArrayList<>();
        for (Message job : jobs) {
            try {
                bodies.add(JSON.readTree(job.body()));
            } catch (Exception e) {
                throw new AssertionError("job is not JSON", e);
            }
        }
        return bodies;
    }

    private int ledgerItems(IntakeFixture intake) {
        try (DynamoDbClient dynamo = aws.dynamoDbClient()) {
            return dynamo.scan(b -> b.tableName(intake.resources.tableName())).count();
        }
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("");
    }
}
