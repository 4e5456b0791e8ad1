package dev.threadline.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.threadline.bench.cold.FixedContext;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.Provisioner.Resources;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.HashMap;
import java.util.Map;

/**
 * The real Lambda handlers, built in this JVM the way the functions' tests build them (an
 * {@link ApplicationContext} with the settings Lambda's environment would give), pointed at
 * whatever endpoints the benchmark chooses (the servers themselves, or counting proxies).
 */
final class Functions {

    static final String APP_SECRET = "bench-app-secret";

    private Functions() {}

    /** intake-fn: {@code APIGatewayV2HTTPEventFunction} over the webhook controller. */
    record Intake(ApplicationContext context, APIGatewayV2HTTPEventFunction handler) implements AutoCloseable {
        private static final FixedContext LAMBDA = new FixedContext("intake-fn");

        /** How many Lambda {@code Context} beans the handler's context holds (one per invocation, as shipped). */
        int contextRegistrations() {
            return context.getBeanRegistrations(com.amazonaws.services.lambda.runtime.Context.class).size();
        }

        APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
            return handler.handleRequest(event, LAMBDA);
        }

        /** Sends and insists on "200, one message queued": a benchmark of failures would be worthless. */
        void sendQueued(APIGatewayV2HTTPEvent event) {
            APIGatewayV2HTTPResponse response = send(event);
            if (response.getStatusCode() != 200 || !response.getBody().contains("\"queued\":1")) {
                throw new IllegalStateException("intake did not queue the message: " + response.getStatusCode() + " "
                        + response.getBody());
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** ticket-fn: {@link TicketHandler} (one per simulated Lambda instance). */
    record Ticket(ApplicationContext context, TicketHandler handler) implements AutoCloseable {
        private static final FixedContext LAMBDA = new FixedContext("ticket-fn");

        SQSBatchResponse apply(SQSEvent event) {
            return handler.handleRequest(event, LAMBDA);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * Whether handlers register the Lambda context as beans on every invocation, as micronaut-aws does
     * ({@code true}, as shipped) or not ({@link dev.threadline.config.NoLambdaContextBeans}, the what-if).
     */
    static volatile boolean lambdaContextBeans = true;

    static Intake intake(AwsEndpoints endpoints, Resources resources) {
        Map<String, Object> properties = new HashMap<>(endpoints.micronautProperties());
        properties.put("bench.skip-lambda-context-beans", Boolean.toString(!lambdaContextBeans));
        properties.put("threadline.function", "intake");
        properties.put("threadline.whatsapp.app-secret", APP_SECRET);
        properties.put("threadline.whatsapp.verify-token", "bench-verify-token");
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        properties.put("threadline.sqs.queue-url", resources.queueUrl());
        ApplicationContext context = ApplicationContext.run(properties);
        return new Intake(context, new APIGatewayV2HTTPEventFunction(context));
    }

    static Ticket ticket(AwsEndpoints endpoints, Resources resources, ErpNextFake erpnext, OpenAiFake llm) {
        Map<String, Object> properties = new HashMap<>(endpoints.micronautProperties());
        properties.put("bench.skip-lambda-context-beans", Boolean.toString(!lambdaContextBeans));
        properties.put("threadline.function", "ticket");
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        properties.put("threadline.sqs.queue-url", resources.queueUrl());
        properties.put("threadline.sqs.dead-letter-queue-url", resources.deadLetterQueueUrl());
        properties.put("threadline.erpnext.url", erpnext.baseUrl());
        properties.put("threadline.whatsapp.send.graph-url", "http://127.0.0.1:9"); // replies are not exercised here
        properties.put("threadline.whatsapp.send.access-token", "token");
        properties.put("threadline.whatsapp.send.template-name", "ticket_update");
        properties.put("threadline.erpnext.api-key", erpnext.options().apiKey());
        properties.put("threadline.erpnext.api-secret", erpnext.options().apiSecret());
        properties.put("threadline.llm.base-url", llm.baseUrl() + "/v1");
        // The LLM fake's rules are what the assertions predict; the offline judge has its own evaluation.
        properties.put("threadline.judge.mode", "llm");
        properties.put("threadline.llm.model", "bench-model");
        ApplicationContext context = ApplicationContext.run(properties);
        return new Ticket(context, new TicketHandler(context));
    }
}
