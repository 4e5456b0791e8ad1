package dev.threadline.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.InboundMessage;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.SimulatedCrash;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * ticket-fn's real handler and adapters on DynamoDB Local, ElasticMQ (with Lambda's SQS semantics),
 * the ERPNext fake and the OpenAI-compatible fake (deterministic rules: "new issue" means NEW, a
 * shared word or a short message means SAME).
 */
@ExtendWith(AwsBackend.class)
class TicketPipelineIT {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final CustomerKey OLA = new CustomerKey("109876543210987", "US.13491208655302741918");
    private final AwsEndpoints aws;

    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(1)));
    private ErpNextFake erpnext;
    private OpenAiFake llm;
    private ApplicationContext context;
    private Provisioner.Resources resources;
    private SqsClient sqs;
    private LambdaSqsPoller poller;

    TicketPipelineIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        resources = Provisioner.provision(aws, "tk-" + UUID.randomUUID().toString().substring(0, 8));
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        llm = OpenAiFake.start();
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.put("threadline.llm.base-url", llm.baseUrl() + "/v1");
        // The LLM fake's rules are what the assertions predict; the offline judge has its own evaluation.
        properties.put("threadline.judge.mode", "llm");
        properties.put("threadline.llm.model", "test-model");
        properties.put("test.crashing-store", "true");
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        TicketHandler handler = new TicketHandler(context);
        sqs = aws.sqsClient();
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), event -> handler.handleRequest(event, null));
    }

    @AfterEach
    void stop() {
        context.close();
        erpnext.close();
        llm.close();
        sqs.close();
    }

    private static InboundMessage text(CustomerKey who, String id, Instant at, String body) {
        return new InboundMessage(id, who, who == JANA ? "4915112345678" : null, who == OLA ? who.user() : null, null,
                "Jana", at, "text", new Content.Said(body), null, "{\"id\":\"" + id + "\"}");
    }

    private void queue(InboundMessage... messages) {
        context.getBean(JobQueue.class).enqueue(List.of(messages));
    }

    private Map<String, Object> issue(int index) {
        return erpnext.issues().get(index);
    }

    private List<String> communicationsOf(int index) {
        return erpnext.communications((String) issue(index).get("name")).stream()
                .map(c -> (String) c.get("content")).toList();
    }

    // --- the conversation script ---------------------------------------------------------------

    @Test
    void theConversationScriptGivesExactlyTheExpectedTicketsAndCommunications() {
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60 since this morning"));
        poller.drain(10);
        queue(text(JANA, "wamid.2", T0.plus(Duration.ofMinutes(10)), "still down"));
        poller.drain(10);
        queue(text(JANA, "wamid.3", T0.plus(Duration.ofMinutes(20)), "Also a new issue: the printer on floor 3 is jammed"));
        poller.drain(10);
        // A burst: three messages in one batch are one turn.
        queue(text(JANA, "wamid.4", T0.plus(Duration.ofMinutes(30)), "printer shows error E5"),
                text(JANA, "wamid.5", T0.plus(Duration.ofMinutes(31)), "printer still jammed"),
                text(JANA, "wamid.6", T0.plus(Duration.ofMinutes(32)), "tried restarting the printer"));
        poller.drain(10);
        // A duplicate delivery of an applied message (re-queued after SQS's dedup window).
        sqs.sendMessage(b -> b.queueUrl(resources.queueUrl()).messageGroupId(JANA.digest())
                .messageDeduplicationId("late-copy").messageBody(context.getBean(dev.threadline.adapter.sqs.JobCodec.class)
                        .encode(text(JANA, "wamid.2", T0.plus(Duration.ofMinutes(10)), "still down"))));
        poller.drain(10);
        // 25 hours later.
        queue(text(JANA, "wamid.7", T0.plus(Duration.ofHours(25)), "VPN keeps dropping"));
        poller.drain(10);
        // An agent closes that ticket; the next message opens another.
        erpnext.setIssueStatus((String) issue(2).get("name"), "Closed");
        queue(text(JANA, "wamid.8", T0.plus(Duration.ofHours(25).plusMinutes(10)), "VPN again"));
        poller.drain(10);

        assertThat(erpnext.issues()).extracting(i -> (String) i.get("subject")).containsExactly(
                "Can't SSH to 10.221.35.60 since this morning",
                "Also a new issue: the printer on floor 3 is jammed",
                "VPN keeps dropping",
                "VPN again");
        assertThat(communicationsOf(0)).singleElement().asString().contains("wamid.2", "still down");
        assertThat(communicationsOf(1)).singleElement().asString().contains("wamid.4", "wamid.5", "wamid.6");
        assertThat(communicationsOf(2)).isEmpty();
        assertThat(communicationsOf(3)).isEmpty();
        assertThat(issue(0).get("custom_customer_key")).isEqualTo(JANA.value());
        assertThat(issue(0).get("custom_whatsapp_number")).isEqualTo("4915112345678");
        SessionStore sessions = context.getBean(SessionStore.class);
        assertThat(sessions.decisions(JANA)).extracting(d -> d.decision().kind() + "/" + d.decision().stage())
                .containsExactly("FIRST/RULE", "SAME/LLM", "NEW/LLM", "SAME/LLM", "FIRST/RULE", "FIRST/RULE");
        assertThat(sessions.tickets(JANA)).hasSize(4);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aCustomerWithoutAPhoneGetsATicketKeyedByTheirUserId() {
        queue(text(OLA, "wamid.O1", T0, "Printer on floor 3 is jammed"));
        poller.drain(10);

        assertThat(issue(0).get("custom_customer_key")).isEqualTo(OLA.value());
        assertThat(issue(0)).doesNotContainKey("custom_whatsapp_number");
        // We never send raised_by (it must be an e-mail); ERPNext fills in the API user.
        assertThat(issue(0).get("raised_by")).isEqualTo(erpnext.options().user());
    }

    // --- crashes at each boundary --------------------------------------------------------------

    @Test
    void aCrashAfterTheTicketCreateBeforeTheSessionWrite_isFinishedOnRedeliveryWithOneTicket() {
        context.getBean(CrashingSessionStore.class).crashBeforeNextComplete();
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"));
        assertThatThrownBy(() -> poller.pollOnce(1)).isInstanceOf(SimulatedCrash.class);

        clock.advance(Duration.ofMinutes(5)); // Lambda's visibility timeout passes; the lease has expired
        poller.drain(10);

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(context.getBean(SessionStore.class).load(JANA).openTicketId()).isEqualTo(issue(0).get("name"));
    }

    @Test
    void aCrashAfterTheCommunicationBeforeTheSessionWrite_doesNotPostTwice() {
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"));
        poller.drain(10);
        context.getBean(CrashingSessionStore.class).crashBeforeNextComplete();
        queue(text(JANA, "wamid.2", T0.plusSeconds(60), "still down"));
        assertThatThrownBy(() -> poller.pollOnce(1)).isInstanceOf(SimulatedCrash.class);

        clock.advance(Duration.ofMinutes(5));
        poller.drain(10);

        assertThat(communicationsOf(0)).hasSize(1);
        assertThat(context.getBean(SessionStore.class).load(JANA).hasApplied("wamid.2")).isTrue();
    }

    @Test
    void aCrashAfterTheSessionWriteBeforeTheAcknowledgement_hasNoSecondEffect() {
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"));
        poller.pollOnce(1, false); // processed, but never acknowledged: SQS delivers it again

        poller.drain(10);

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(context.getBean(SessionStore.class).decisions(JANA)).hasSize(1);
    }

    // --- ERPNext faults ------------------------------------------------------------------------

    @Test
    void erpnextTimingOutAfterCommitting_stillGivesOneTicket() {
        erpnext.faults().matching("POST", "/api/resource/Issue").commitThenTimeoutNext(1);
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"));

        poller.drain(10);

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(context.getBean(SessionStore.class).load(JANA).openTicketId()).isEqualTo(issue(0).get("name"));
    }

    @Test
    void erpnextAnswering5xxAnd429_isRetriedUntilItWorks() {
        erpnext.faults().matching("POST", "/api/resource/Issue").failNext(2, 503);
        erpnext.faults().matching("POST", "/api/resource/Issue").rateLimitNext(1, 1);
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"));

        for (int i = 0; i < 5 && erpnext.issues().isEmpty(); i++) {
            poller.drain(10);
        }

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aPermanentRefusal_deadLettersTheTurnWithAReadableReason_andOthersCarryOn() {
        erpnext.faults().matching("POST", "/api/resource/Issue").failNext(1, 417);
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"), text(OLA, "wamid.O1", T0, "Printer jammed"));

        poller.drain(10);

        List<Message> dead = deadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).body()).contains("wamid.");
        assertThat(dead.get(0).messageAttributes().get("failure_reason").stringValue()).contains("417");
        assertThat(erpnext.issues()).hasSize(1);
        assertThat(context.getBean(SessionStore.class).load(JANA).pending()).isNull();
    }

    @Test
    void aTransientFailureFailsOnlyThatCustomersGroup_otherCustomersInTheBatchCarryOn() {
        erpnext.faults().matching("GET", "/api/resource/Issue/").failNext(20, 503);
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60"));
        poller.drain(10);
        queue(text(JANA, "wamid.2", T0.plusSeconds(60), "still down"), text(OLA, "wamid.O1", T0, "Printer jammed"));

        poller.pollOnce(1);

        assertThat(erpnext.issues()).extracting(i -> i.get("custom_customer_key")).containsExactly(JANA.value(), OLA.value());
        assertThat(context.getBean(SessionStore.class).load(JANA).hasApplied("wamid.2")).isFalse();
        erpnext.faults().clear();
        poller.drain(10);
        assertThat(communicationsOf(0)).hasSize(1);
    }

    // --- the LLM failing -----------------------------------------------------------------------

    @Test
    void anLlmThatTimesOutOrBabbles_neverBlocksATicket() {
        llm.garbageNext(1);
        queue(text(JANA, "wamid.1", T0, "Can't SSH to 10.221.35.60\nsince the update"));
        poller.drain(10);
        llm.failNext(1, 500);
        queue(text(JANA, "wamid.2", T0.plusSeconds(60), "a completely different thing about invoices"));
        poller.drain(10);

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(issue(0).get("subject")).isEqualTo("Can't SSH to 10.221.35.60");
        assertThat(issue(0).get("priority")).isEqualTo("Medium");
        assertThat(issue(0).get("custom_needs_triage")).isEqualTo(1);
        assertThat(communicationsOf(0)).singleElement().asString().contains("could not decide");
        List<DecisionRecord> decisions = context.getBean(SessionStore.class).decisions(JANA);
        assertThat(decisions.get(1).decision().stage()).hasToString("FALLBACK");
    }

    private List<Message> deadLetters() {
        return sqs.receiveMessage(b -> b.queueUrl(resources.deadLetterQueueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageAttributeNames("All")).messages();
    }

}
