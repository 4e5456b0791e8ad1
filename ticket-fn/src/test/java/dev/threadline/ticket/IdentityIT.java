package dev.threadline.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.whatsapp.BusinessNumbers;
import dev.threadline.adapter.whatsapp.WebhookParser;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Session;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.fakes.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Meta is adding business-scoped user ids (BSUIDs) beside phone numbers (whatsapp.md §2.2): a customer
 * with an open ticket whose next message carries both must stay one customer, with one session and the
 * same ticket. Driven by Meta-shaped payloads (events/whatsapp-messages) through ticket-fn's real handler,
 * DynamoDB Local and ElasticMQ.
 */
@ExtendWith(AwsBackend.class)
class IdentityIT {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final CustomerKey BY_PHONE = new CustomerKey("109876543210987", "4915112345678");
    private static final CustomerKey BY_BSUID = new CustomerKey("109876543210987", "DE.7734129058812346601");
    private final AwsEndpoints aws;
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(1)));
    private final WebhookParser parser = new WebhookParser(new ObjectMapper(), new BusinessNumbers("109876543210987"));
    private ErpNextFake erpnext;
    private OpenAiFake llm;
    private ApplicationContext context;
    private LambdaSqsPoller poller;

    IdentityIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        Provisioner.Resources resources = Provisioner.provision(aws, "id-" + UUID.randomUUID().toString().substring(0, 8));
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        llm = OpenAiFake.start();
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.put("threadline.llm.base-url", llm.baseUrl() + "/v1");
        properties.put("threadline.judge.mode", "llm"); // the LLM fake's rules: a shared word means SAME
        properties.put("threadline.llm.model", "test-model");
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        TicketHandler handler = new TicketHandler(context);
        poller = new LambdaSqsPoller(aws.sqsClient(), resources.queueUrl(), event -> handler.handleRequest(event, null));
    }

    @AfterEach
    void stop() {
        context.close();
        erpnext.close();
        llm.close();
    }

    /** Queues the payload's message as intake would, sent {@code minutes} after T0, and lets ticket-fn apply it. */
    private InboundMessage deliver(String name, int minutes) throws IOException {
        String body = Files.readString(Path.of("..", "events", "whatsapp-messages", name + ".json"))
                .replace("\"1795266000\"", "\"" + T0.plus(Duration.ofMinutes(minutes)).getEpochSecond() + "\"");
        InboundMessage message = parser.parse(body.getBytes(StandardCharsets.UTF_8)).messages().get(0);
        context.getBean(JobQueue.class).enqueue(List.of(message));
        poller.drain(10);
        return message;
    }

    @Test
    void anOpenSessionKeyedByPhoneKeepsItsTicketWhenMessagesCarryPhoneAndBsuid() throws IOException {
        deliver("text", 0); // "the printer is jammed", keyed by wa_id
        InboundMessage both = deliver("text-with-bsuid", 10); // "printer still jammed", keyed by BSUID
        deliver("text-bsuid-only", 20); // the customer hid their number: BSUID only

        assertThat(both.customer()).isEqualTo(BY_BSUID);
        assertThat(erpnext.issues()).hasSize(1);
        String ticket = (String) erpnext.issues().get(0).get("name");
        assertThat(erpnext.communications(ticket)).extracting(c -> (String) c.get("content"))
                .hasSize(2).anySatisfy(c -> assertThat(c).contains("printer still jammed"));
        SessionStore sessions = context.getBean(SessionStore.class);
        Session session = sessions.load(BY_PHONE);
        assertThat(session.openTicketId()).isEqualTo(ticket);
        assertThat(session.profile().aliases()).containsExactly(BY_BSUID.user());
        assertThat(session.profile().username()).isEqualTo("jana.k");
        assertThat(sessions.load(List.of(BY_BSUID)).customer()).isEqualTo(BY_PHONE);
        assertThat(sessions.tickets(BY_PHONE)).hasSize(1);
        assertThat(sessions.tickets(BY_BSUID)).isEmpty();
    }

    @Test
    void aCustomerFirstSeenByBsuidOnlyKeepsItsTicketWhenTheNumberAppears() throws IOException {
        deliver("text-bsuid-only", 0);
        deliver("text-with-bsuid", 10);

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(context.getBean(SessionStore.class).load(List.of(BY_PHONE)).customer()).isEqualTo(BY_BSUID);
    }

    @Test
    void noSessionIsEverCreatedUnderAnIdentityThatAnAliasLeadsElsewhere() throws IOException {
        deliver("text", 0);
        deliver("text-with-bsuid", 10);

        SessionStore sessions = context.getBean(SessionStore.class);
        Session stray = Session.fresh(BY_BSUID);
        // A writer that missed the alias (it read before the alias was written) loses its write and reloads.
        assertThatThrownBy(() -> sessions.replace(stray, stray.withApplied(List.of("wamid.X"), null)))
                .isInstanceOf(SessionStore.ConflictException.class);
    }

    @Test
    void aNumberChangeMovesTheSessionToTheNewNumber() throws IOException {
        deliver("text", 0);
        deliver("system-user-changed-number", 5);
        deliver("text-from-new-number", 10);

        assertThat(erpnext.issues()).hasSize(1);
        String ticket = (String) erpnext.issues().get(0).get("name");
        assertThat(erpnext.comments(ticket)).extracting(c -> (String) c.get("content"))
                .singleElement().asString().contains("changed their WhatsApp number");
        assertThat(erpnext.communications(ticket)).hasSize(1);
        assertThat(context.getBean(SessionStore.class).load(BY_PHONE).phone()).isEqualTo("4915199999999");
    }
}
