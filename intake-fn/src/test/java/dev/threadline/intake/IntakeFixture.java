package dev.threadline.intake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * intake-fn's real Lambda handler on freshly provisioned resources. The SQS endpoint the function
 * uses can differ from the real one (to put a {@link dev.threadline.embedded.FaultProxy} between).
 */
final class IntakeFixture implements AutoCloseable {

    static final String APP_SECRET = "test-app-secret";
    static final String VERIFY_TOKEN = "threadline-verify-token";
    /** What events/intake-erpnext-*.json are signed with; "new,old" as during a rotation. */
    static final String FRAPPE_SECRETS = "rotated-new-secret,test-frappe-secret";
    /** The business numbers of events/intake-*.json and events/whatsapp-*.json, as a deploy would list them. */
    static final String BUSINESS_NUMBERS = "109876543210987, 109876543210988";

    final Resources resources;
    final SqsClient sqs;
    final ApplicationContext context;
    final APIGatewayV2HTTPEventFunction handler;

    IntakeFixture(AwsEndpoints aws, URI sqsEndpointForFunction) {
        this(aws, sqsEndpointForFunction, BUSINESS_NUMBERS);
    }

    /** @param businessNumbers {@code WHATSAPP_PHONE_NUMBER_IDS}; blank = unset, as in the local stack */
    IntakeFixture(AwsEndpoints aws, URI sqsEndpointForFunction, String businessNumbers) {
        resources = Provisioner.provision(aws, "it-" + UUID.randomUUID().toString().substring(0, 8));
        sqs = aws.sqsClient();
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties());
        properties.put("aws.services.sqs.endpoint-override", sqsEndpointForFunction.toString());
        properties.put("threadline.whatsapp.app-secret", APP_SECRET);
        properties.put("threadline.whatsapp.verify-token", VERIFY_TOKEN);
        properties.put("threadline.erpnext.webhook.secret", FRAPPE_SECRETS);
        properties.put("threadline.whatsapp.phone-number-ids", businessNumbers);
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        properties.put("threadline.sqs.queue-url", resources.queueUrl());
        context = ApplicationContext.run(properties);
        handler = new APIGatewayV2HTTPEventFunction(context);
    }

    IntakeFixture(AwsEndpoints aws) {
        this(aws, aws.sqs());
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new TestLambdaContext());
    }

    /**
     * Receives and deletes jobs until {@code expected} have arrived, then keeps receiving until a
     * receive comes back empty, so that an extra job would be caught. Fails at the deadline.
     */
    List<Message> drainJobs(int expected) {
        List<Message> jobs = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(resources.queueUrl())
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
                            MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                    .messages();
            batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(resources.queueUrl()).receiptHandle(m.receiptHandle())));
            jobs.addAll(batch);
            if (batch.isEmpty() && jobs.size() >= expected) {
                return jobs;
            }
        }
        throw new AssertionError("expected " + expected + " jobs before the deadline, got " + jobs.size());
    }

    @Override
    public void close() {
        context.close();
        sqs.close();
    }
}
