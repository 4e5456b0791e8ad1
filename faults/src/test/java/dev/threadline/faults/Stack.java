package dev.threadline.faults;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.threadline.application.SweepIdleSessions;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.FaultProxy;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.TestAws;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.fakes.MutableClock;
import dev.threadline.sweeper.SweeperHandler;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Everything one run needs, fresh: a table and FIFO queues on the shared embedded DynamoDB Local and
 * ElasticMQ, the ERPNext and OpenAI fakes, and the three functions through their real Lambda handlers,
 * each in its own Micronaut context as on Lambda (the sweeper shares ticket-fn's context and so its
 * {@link FaultySessionStore}). intake-fn reaches SQS through a {@link FaultProxy}; the ticket
 * context gets the {@link MutableClock}, so time moves only when the runner moves it.
 */
final class Stack implements AutoCloseable {

    static final String APP_SECRET = "faults-app-secret";
    /**
     * Client timeouts: short, so that an injected timeout costs little wall time, yet far above what an
     * ordinary call takes on a loaded 2-core CI machine, so that no timeout happens that the scenario did
     * not inject (the oracle counts on that). Injected delays exceed them by a second.
     */
    static final Duration ERP_TIMEOUT = Duration.ofMillis(1000);
    static final Duration LLM_TIMEOUT = Duration.ofMillis(1000);
    static final Duration BEYOND_TIMEOUT = Duration.ofMillis(1000);

    final AwsEndpoints aws;
    final Provisioner.Resources resources;
    final MutableClock clock = new MutableClock(Scenario.T0.plus(Duration.ofHours(1)));
    final ErpNextFake erpnext;
    final OpenAiFake llm;
    final FaultProxy sqsProxy;
    final SqsClient sqs;
    final ApplicationContext intakeContext;
    final ApplicationContext ticketContext;
    final APIGatewayV2HTTPEventFunction intake;
    final TicketHandler ticketFn;
    final SweeperHandler sweeperFn;
    final FaultySessionStore store;
    final PoisonedHelpdesk helpdesk;
    final LambdaSqsPoller poller;
    /** Batches in which ticket-fn reported failures or crashed. */
    final AtomicInteger failedBatches = new AtomicInteger();

    Stack(boolean mergeBursts) {
        aws = TestAws.endpoints().orElseThrow(() -> new IllegalStateException("no AWS backend for the fault suite"));
        resources = Provisioner.provision(aws, "ft-" + UUID.randomUUID().toString().substring(0, 8));
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields().withStall(Duration.ofSeconds(3)));
        llm = OpenAiFake.start(new TopicJudge());
        sqsProxy = FaultProxy.inFrontOf(aws.sqs());
        sqs = aws.sqsClient();

        Map<String, Object> common = new HashMap<>(aws.micronautProperties());
        common.put("threadline.dynamodb.table-name", resources.tableName());
        common.put("threadline.faults.quiet-metrics", "true");

        Map<String, Object> intakeProps = new HashMap<>(common);
        intakeProps.put("micronaut.application.name", "intake-fn");
        intakeProps.put("threadline.function", "intake");
        intakeProps.put("aws.services.sqs.endpoint-override", sqsProxy.endpoint().toString());
        intakeProps.put("threadline.whatsapp.app-secret", APP_SECRET);
        intakeProps.put("threadline.whatsapp.verify-token", "faults-verify-token");
        intakeProps.put("threadline.sqs.queue-url", resources.queueUrl());
        intakeContext = ApplicationContext.builder().properties(intakeProps).singletons(clock).start();
        intake = new APIGatewayV2HTTPEventFunction(intakeContext);

        Map<String, Object> ticketProps = new HashMap<>(common);
        ticketProps.put("micronaut.application.name", "ticket-fn");
        // ticket-fn's and the sweeper's beans in one context: they must share the fault-injecting session store
        // (a racing sweeper is one of the faults), so this context is the local stack's "all functions".
        ticketProps.put("threadline.function", "local");
        ticketProps.put("threadline.faults.ticket", "true");
        ticketProps.put("threadline.sqs.queue-url", resources.queueUrl());
        ticketProps.put("threadline.sqs.dead-letter-queue-url", resources.deadLetterQueueUrl());
        ticketProps.put("threadline.session-timeout", Scenario.SESSION_TIMEOUT.toString());
        ticketProps.put("threadline.merge-bursts", Boolean.toString(mergeBursts));
        ticketProps.put("threadline.erpnext.url", erpnext.baseUrl());
        ticketProps.put("threadline.whatsapp.send.graph-url", "http://127.0.0.1:9"); // replies are not exercised here
        ticketProps.put("threadline.whatsapp.send.access-token", "token");
        ticketProps.put("threadline.whatsapp.send.template-name", "ticket_update");
        ticketProps.put("threadline.erpnext.api-key", erpnext.options().apiKey());
        ticketProps.put("threadline.erpnext.api-secret", erpnext.options().apiSecret());
        ticketProps.put("threadline.erpnext.timeout", ERP_TIMEOUT.toMillis() + "ms");
        ticketProps.put("threadline.erpnext.retry-base-delay", "10ms");
        ticketProps.put("threadline.erpnext.retry-max-delay", "40ms");
        ticketProps.put("threadline.llm.base-url", llm.baseUrl() + "/v1");
        // The LLM fake's rules are what the assertions predict; the offline judge has its own evaluation.
        ticketProps.put("threadline.judge.mode", "llm");
        ticketProps.put("threadline.llm.model", "fault-model");
        ticketProps.put("threadline.llm.timeout", LLM_TIMEOUT.toMillis() + "ms");
        ticketProps.put("threadline.mattermost.webhook-url", "");
        ticketContext = ApplicationContext.builder().properties(ticketProps).singletons(clock).start();
        ticketFn = new TicketHandler(ticketContext);
        sweeperFn = new SweeperHandler(ticketContext);
        store = ticketContext.getBean(FaultySessionStore.class);
        helpdesk = ticketContext.getBean(PoisonedHelpdesk.class);
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), this::invokeTicketFn);
    }

    private SQSBatchResponse invokeTicketFn(SQSEvent event) {
        try {
            SQSBatchResponse response = ticketFn.handleRequest(event, null);
            if (response != null && !response.getBatchItemFailures().isEmpty()) {
                failedBatches.incrementAndGet();
            }
            return response;
        } catch (RuntimeException | Error e) {
            failedBatches.incrementAndGet();
            throw e;
        }
    }

    SweepIdleSessions.Result sweep() {
        return sweeperFn.handleRequest(new ScheduledEvent(), null);
    }

    /** Messages in the jobs queue, visible or in flight. */
    int jobsInQueue() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(resources.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    Map<String, Long> metrics() {
        Map<String, Long> all = new java.util.TreeMap<>(ticketContext.getBean(QuietMetrics.class).totals());
        intakeContext.getBean(QuietMetrics.class).totals().forEach((k, v) -> all.merge("intake." + k, v, Long::sum));
        return all;
    }

    @Override
    public void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(ticketContext, intakeContext, erpnext, llm, sqsProxy, sqs)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the next run gets fresh resources anyway
            }
        }
    }
}
