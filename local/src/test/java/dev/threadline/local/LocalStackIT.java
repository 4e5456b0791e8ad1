package dev.threadline.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.application.TicketPolicy;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.SessionStatus;
import dev.threadline.embedded.QueueTimings;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.fakes.MutableClock;
import dev.threadline.infra.InfraTemplate;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack in this JVM, on a clock the tests move: its queues and lease are the deployed ones,
 * it reads the functions' variable names, sets ERPNext up before it takes work, and runs the sweeper
 * on its own schedule.
 */
class LocalStackIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final MutableClock clock = new MutableClock(NOW);
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(null, Map.of("PORT", "0", "ERPNEXT_EMULATOR_PORT", "0", "WHATSAPP_EMULATOR_PORT", "0", "SWEEP_INTERVAL", "PT0.2S",
                "MERGE_BURSTS", "false", "DEDUP_TTL", "P9D", "SWEEP_MAX_SESSIONS", "7"), false, QueueTimings.DEPLOYED, clock);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theLocalJobsQueueAndClaimLease_areTheDeployedOnes() throws Exception {
        Map<QueueAttributeName, String> queue = stack.sqs().getQueueAttributes(b -> b.queueUrl(stack.resources().queueUrl())
                .attributeNames(QueueAttributeName.ALL)).attributes();
        JsonNode template = InfraTemplate.RESOURCES.path("JobsQueue").path("Properties");
        assertThat(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo(template.path("VisibilityTimeout").asText());
        assertThat(new ObjectMapper().readTree(queue.get(QueueAttributeName.REDRIVE_POLICY)).path("maxReceiveCount").asInt())
                .isEqualTo(InfraTemplate.TEMPLATE.path("Parameters").path("JobsMaxReceiveCount").path("Default").asInt());
        try (ApplicationContext ticketFn = ApplicationContext.run()) { // ticket-fn's lease: it sets none, so its default
            assertThat(stack.context().getBean(TicketPolicy.class).pendingLease())
                    .isEqualTo(ticketFn.getBean(TicketPolicy.class).pendingLease());
        }
    }

    @Test
    void theLocalStackReadsTheVariableNamesTheLambdaFunctionsRead() {
        assertThat(stack.context().getBean(TicketPolicy.class).mergeBursts()).as("MERGE_BURSTS=false").isFalse();
        assertThat(stack.context().getProperty("threadline.dynamodb.dedup-ttl", String.class)).hasValue("P9D");
        assertThat(stack.context().getProperty("threadline.sweep-max-sessions", Integer.class)).hasValue(7);
    }

    @Test
    void theEmbeddedErpNextIsSetUpAtStart_withTheUniqueIdempotencyKey() {
        assertThat(stack.erpnextEmulator().documents("Custom Field"))
                .anySatisfy(f -> {
                    assertThat(f.get("fieldname")).isEqualTo("custom_idempotency_key");
                    assertThat(f.get("unique")).isEqualTo(1);
                })
                .extracting(f -> f.get("fieldname"))
                .contains("custom_customer_key", "custom_whatsapp_number", "custom_needs_triage");
        assertThat(stack.summary(Duration.ZERO)).contains("setup: custom fields ready (4 created, 0 present)");
    }

    @Test
    void theStacksOwnScheduleClosesAnIdleSession() throws Exception {
        String waId = "4917000000001";
        CustomerKey customer = CustomerKey.parse(Webhooks.PHONE_NUMBER_ID + ":" + waId);
        SessionStore sessions = stack.context().getBean(SessionStore.class);
        assertThat(Webhooks.post(stack.baseUrl(), Webhooks.text(waId, "wamid.SWEEP1", NOW, "VPN is down"))).isEqualTo(200);
        Webhooks.await(Duration.ofSeconds(30), "the message opens a ticket", () -> {
            var session = sessions.load(customer);
            return session.status() == SessionStatus.ACTIVE && session.openTicketId() != null && session.pending() == null;
        });

        clock.advance(Duration.ofHours(25)); // past SESSION_TIMEOUT (PT24H); the schedule ticks every 0.2 s

        Webhooks.await(Duration.ofSeconds(10), "the sweeper closes the idle session",
                () -> sessions.load(customer).status() == SessionStatus.CLOSED);
    }

    @Test
    void theScheduledEventHasEventBridgesShape() throws Exception {
        JsonNode published = new ObjectMapper().readTree(Path.of(System.getProperty("threadline.events.dir", "../events"))
                .resolve("sweeper-scheduled.json").toFile());
        var event = LocalSchedule.scheduledEvent(clock);
        assertThat(event.getSource()).isEqualTo(published.path("source").asText());
        assertThat(event.getDetailType()).isEqualTo(published.path("detail-type").asText());
        assertThat(event.getVersion()).isEqualTo(published.path("version").asText());
        assertThat(event.getDetail()).isEmpty();
        assertThat(event.getResources()).singleElement().asString().startsWith("arn:aws:events:").contains(":rule/");
        assertThat(event.getTime().getMillis()).isEqualTo(clock.millis());
    }

    @Test
    void healthAndTheSummary_showTheDeadLetterDepth() throws Exception {
        stack.sqs().sendMessage(b -> b.queueUrl(stack.resources().deadLetterQueueUrl()).messageBody("{}")
                .messageGroupId("g").messageDeduplicationId("health-test"));
        JsonNode health = new ObjectMapper().readTree(Webhooks.get(stack.baseUrl() + "/health"));
        assertThat(health.path("deadLetteredJobs").asInt()).isEqualTo(1);
        assertThat(stack.summary(Duration.ZERO)).contains("(1 dead-lettered)");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = new OpsCommands(stack.baseUrl(), new PrintStream(printed, true, UTF_8),
                System.err).dlq(List.of());
        assertThat(exit).isZero();
        assertThat(printed.toString(UTF_8))
                .contains("Dead-letter queue: 1 job (", "exceeded the maximum receives");
    }

    @Test
    void aRealErpNextIsSetUpOnlyWhenAsked_andASetupThatFailsStopsTheStart() {
        try (ErpNextFake site = ErpNextFake.start()) {
            Map<String, String> env = Map.of("PORT", "0", "WHATSAPP_EMULATOR_PORT", "0", "ERPNEXT_URL", site.baseUrl(),
                    "ERPNEXT_API_KEY", site.options().apiKey(), "ERPNEXT_API_SECRET", site.options().apiSecret());
            try (Stack unasked = Stack.start(null, env, false)) {
                assertThat(site.documents("Custom Field")).as("no --setup-erpnext: the site is left alone").isEmpty();
            }
        }
        try (ErpNextFake site = ErpNextFake.start(ErpNextOptions.defaults().withRoles("Support Team", "Inbox User"))) {
            Map<String, String> env = Map.of("PORT", "0", "WHATSAPP_EMULATOR_PORT", "0", "ERPNEXT_URL", site.baseUrl(),
                    "ERPNEXT_API_KEY", site.options().apiKey(), "ERPNEXT_API_SECRET", site.options().apiSecret());
            assertThatThrownBy(() -> Stack.start(null, env, true))
                    .as("without System Manager the custom fields cannot be created: the stack does not start")
                    .hasMessageContaining("ERPNext setup failed");
        }
    }
}
