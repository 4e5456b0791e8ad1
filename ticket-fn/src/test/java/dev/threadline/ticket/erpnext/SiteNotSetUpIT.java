package dev.threadline.ticket.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.fakes.MutableClock;
import dev.threadline.ticket.TicketFnSettings;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ticket-fn against an ERPNext site where {@code setup-erpnext} has not run, so Issue has no unique
 * {@code custom_idempotency_key}, while ERPNext commits creates and then times out. On such a site
 * every retry of a timed-out create would be another Issue; the adapter creates nothing instead,
 * the jobs wait on the queue, and after the setup each opens exactly one Issue. Real handler, DynamoDB
 * Local, ElasticMQ with Lambda's SQS semantics, the ERPNext emulator; no LLM (the fallback policy).
 */
@ExtendWith(AwsBackend.class)
class SiteNotSetUpIT {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final String ISSUE = "/api/resource/Issue";
    private static final List<CustomerKey> CUSTOMERS = List.of(
            new CustomerKey("109876543210987", "4915112345678"),
            new CustomerKey("109876543210987", "4915187654321"),
            new CustomerKey("109876543210987", "4915199999999"));
    private static final int ATTEMPTS_BEFORE_SETUP = 3; // below Provisioner.MAX_RECEIVE_COUNT, so nothing is dead-lettered
    private final AwsEndpoints aws;

    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(1)));
    private ErpNextFake erpnext;
    private ApplicationContext context;
    private Provisioner.Resources resources;
    private SqsClient sqs;
    private LambdaSqsPoller poller;

    SiteNotSetUpIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        resources = Provisioner.provision(aws, "ns-" + UUID.randomUUID().toString().substring(0, 8));
        erpnext = ErpNextFake.start(ErpNextOptions.defaults()); // not set up: no Threadline fields
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.putAll(RecordedMetrics.ON);
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        TicketHandler handler = new TicketHandler(context);
        sqs = aws.sqsClient();
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), event -> handler.handleRequest(event, null));
    }

    @AfterEach
    void stop() {
        context.close();
        erpnext.close();
        sqs.close();
    }

    @Test
    void onASiteThatIsNotSetUp_createsThatTimeOutMakeNoIssue_theJobsWait_andAfterTheSetupEachOpensExactlyOneIssue() {
        // The next creates that reach ERPNext commit, then time out (so the adapter repeats them).
        erpnext.faults().matching("POST", ISSUE).commitThenTimeoutNext(CUSTOMERS.size());
        for (int i = 0; i < CUSTOMERS.size(); i++) {
            CustomerKey customer = CUSTOMERS.get(i);
            context.getBean(JobQueue.class).enqueue(List.of(new InboundMessage("wamid.N" + i, customer, customer.user(), null, null, "Kim",
                    T0.plusSeconds(i), "text", new Content.Said("The printer on floor " + i + " is jammed"), null,
                    "{\"id\":\"wamid.N" + i + "\"}")));
        }

        List<Integer> tried = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS_BEFORE_SETUP; attempt++) {
            tried.add(poller.pollOnce(1));
        }

        assertThat(erpnext.issues()).as("no Issue on a site without the unique key").isEmpty();
        assertThat(tried).as("jobs tried per attempt: every job fails and comes back")
                .containsOnly(CUSTOMERS.size()).hasSize(ATTEMPTS_BEFORE_SETUP);
        assertThat(erpnext.requestCount("POST", ISSUE)).isZero();
        assertThat(erpnext.faults().pending()).as("no create reached ERPNext").isEqualTo(CUSTOMERS.size());
        assertThat(deadLetters()).as("the failure is transient: nothing is dead-lettered").isZero();
        assertThat(metrics().total("ErpNextNotSetUp")).as("one check per minute, and the clock stood still").isEqualTo(1);

        ErpNextSetup.Report setup = context.getBean(ErpNextSetup.class).run(false, List.of(),
                new PrintStream(OutputStream.nullOutputStream()));
        assertThat(setup.ok()).as("setup-erpnext against the emulator: %s", setup.problems()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        poller.drain(5);

        assertThat(erpnext.issues()).as("exactly one Issue per waiting job").hasSize(CUSTOMERS.size())
                .extracting(i -> i.get("custom_customer_key"))
                .containsExactlyInAnyOrderElementsOf(CUSTOMERS.stream().map(CustomerKey::value).toList());
        assertThat(erpnext.faults().injected()).as("creates committed and timed out").isEqualTo(CUSTOMERS.size());
        assertThat(erpnext.requestCount("POST", ISSUE))
                .as("each create that timed out was repeated, and each customer's last create settled it (created,"
                        + " or found by the unique key)").isEqualTo(erpnext.faults().injected() + CUSTOMERS.size());
        SessionStore sessions = context.getBean(SessionStore.class);
        for (CustomerKey customer : CUSTOMERS) {
            String ticket = sessions.load(customer).openTicketId();
            assertThat(erpnext.issue(ticket).orElseThrow()).containsEntry("custom_customer_key", customer.value());
        }
        assertThat(poller.pollOnce(1)).as("no job is left waiting").isZero();
        assertThat(deadLetters()).isZero();
        assertThat(metrics().total("ErpNextNotSetUp")).isEqualTo(1);
    }

    private RecordedMetrics metrics() {
        return (RecordedMetrics) context.getBean(Metrics.class);
    }

    private int deadLetters() {
        return sqs.receiveMessage(b -> b.queueUrl(resources.deadLetterQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages().size();
    }
}
