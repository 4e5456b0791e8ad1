package dev.threadline.adapter.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.threadline.application.port.Messenger;
import dev.threadline.application.port.Messenger.MessengerUnavailableException;
import dev.threadline.application.port.Messenger.Recipient;
import dev.threadline.application.port.Messenger.SendResult;
import dev.threadline.emulators.whatsapp.SendAttempt;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.fakes.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphApiMessenger} through the real HTTP client and micronaut-retry, against the WhatsApp
 * Cloud API emulator; status webhooks are checked with the production {@link WebhookSignature}.
 */
class GraphApiMessengerContractTest {

    private static final String PHONE_NUMBER_ID = "109876543210987";
    private static final String WA_ID = "4915112345678";
    private static final Recipient JANA = new Recipient(PHONE_NUMBER_ID, WA_ID);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final WebhookSignature signature = new WebhookSignature("test-app-secret");
    private final List<JsonNode> verifiedWebhooks = new CopyOnWriteArrayList<>();
    private final HttpServer intake = intake();
    private final WhatsAppCloudFake fake = WhatsAppCloudFake.builder().clock(clock)
            .webhookUrl(URI.create("http://127.0.0.1:" + intake.getAddress().getPort() + "/webhooks/whatsapp"))
            .approvedTemplate("reply_request", "en", 1).start();
    private ApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        fake.close();
        intake.stop(0);
    }

    private Messenger messenger(String graphUrl, String token) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.function", "ticket"); // the messenger is ticket-fn's (config/Functions)
        properties.put("threadline.whatsapp.send.graph-url", graphUrl);
        properties.put("threadline.whatsapp.send.access-token", token);
        properties.put("threadline.whatsapp.send.template-name", "reply_request");
        properties.put("threadline.whatsapp.send.template-params", "ticket");
        properties.put("threadline.whatsapp.send.timeout", "PT0.5S");
        context = ApplicationContext.run(properties);
        return context.getBean(Messenger.class);
    }

    private Messenger messenger() {
        return messenger(fake.baseUrl(), fake.accessToken());
    }

    @Test
    void aTextInsideTheWindow_isAccepted_andSentOnce_inMetasRequestShape() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");

        SendResult result = messenger().sendText(JANA, "We are on it", "ISS-2026-00042");

        assertThat(fake.sent()).singleElement().satisfies(m -> {
            assertThat(result).isEqualTo(new SendResult.Accepted(m.wamid()));
            assertThat(m.body()).isEqualTo("We are on it");
        });
        JsonNode request = fake.attempts().getFirst().body();
        assertThat(request.path("to").asText()).isEqualTo("+" + WA_ID);
        assertThat(request.path("recipient_type").asText()).isEqualTo("individual");
        assertThat(request.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(request.path("text").path("preview_url").asBoolean(true)).isFalse();
        assertThat(request.path("biz_opaque_callback_data").asText()).isEqualTo("ISS-2026-00042");
    }

    @Test
    void theCallbackData_comesBackInEveryStatusWebhook_signedAsIntakeVerifies() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");

        SendResult.Accepted accepted = (SendResult.Accepted) messenger().sendText(JANA, "On it", "ISS-2026-00042");

        fake.awaitCallbacks(Duration.ofSeconds(10));
        List<JsonNode> statuses = verifiedWebhooks.stream()
                .map(w -> w.path("entry").path(0).path("changes").path(0).path("value").path("statuses").path(0))
                .filter(s -> !s.isMissingNode()).toList();
        assertThat(statuses).extracting(s -> s.path("status").asText()).containsExactly("sent", "delivered", "read");
        assertThat(statuses).allSatisfy(s -> {
            assertThat(s.path("id").asText()).isEqualTo(accepted.wamid());
            assertThat(s.path("biz_opaque_callback_data").asText()).isEqualTo("ISS-2026-00042");
        });
        assertThat(fake.statusCallbacks()).extracting(c -> c.httpStatus()).as("intake verified every signature").containsOnly(200);
    }

    @Test
    void aTextOutsideTheWindow_isRefused131047_andNothingIsSent() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");
        clock.advance(Duration.ofHours(24).plusSeconds(1));

        SendResult result = messenger().sendText(JANA, "Still there?", "ISS-1");

        assertThat(result).isInstanceOfSatisfying(SendResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(131047);
            assertThat(r.outsideWindow()).isTrue();
            assertThat(r.reason()).contains("24-hour window").doesNotContain(WA_ID);
        });
        assertThat(fake.sent()).isEmpty();
        assertThat(fake.attempts()).hasSize(1);
    }

    @Test
    void theTemplate_isAcceptedOutsideTheWindow_withItsConfiguredParameters() {
        SendResult result = messenger().sendTemplate(JANA, Map.of("ticket", "ISS-2026-00042", "unused", "x"), "ISS-1");

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(fake.sent()).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo("reply_request");
            assertThat(m.language()).isEqualTo("en");
            assertThat(m.parameters()).containsExactly("ISS-2026-00042");
            assertThat(m.callbackData()).isEqualTo("ISS-1");
        });
    }

    @Test
    void aGatewayErrorWithoutMetasBody_isUnknown_andNotRepeated() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");
        fake.faults().htmlErrorNext(1);

        SendResult result = messenger().sendText(JANA, "On it", "ISS-1");

        assertThat(result).isInstanceOf(SendResult.Unknown.class);
        assertThat(fake.attempts()).hasSize(1);
    }

    @Test
    void rateLimitedTwice_isRetried_andSentExactlyOnce() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");
        fake.faults().graphErrorNext(1, 130429, 429).graphErrorNext(1, 131056);

        SendResult result = messenger().sendText(JANA, "On it", "ISS-1");

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(fake.attempts()).extracting(SendAttempt::errorCode).containsExactly(130429, 131056, 0);
        assertThat(fake.sent()).hasSize(1);
    }

    @Test
    void aTemporaryErrorOnEveryAttempt_endsUnavailable_afterThreeAttempts() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");
        fake.faults().graphErrorNext(5, 131000);

        assertThatThrownBy(() -> messenger().sendText(JANA, "On it", "ISS-1"))
                .isInstanceOf(MessengerUnavailableException.class).hasMessageContaining("131000");
        assertThat(fake.attempts()).hasSize(3);
        assertThat(fake.sent()).isEmpty();
    }

    @Test
    void aTimeout_isUnknown_andNotRepeated_thoughMetaHadTakenTheMessage() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");
        fake.faults().stallNext(1, Duration.ofSeconds(30));

        SendResult result = messenger().sendText(JANA, "On it", "ISS-1");

        assertThat(result).isInstanceOf(SendResult.Unknown.class);
        assertThat(fake.attempts()).hasSize(1);
        assertThat(fake.sent()).as("why it must never be repeated").hasSize(1);
    }

    @Test
    void anUndeliverableNumber_isRefused131026() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");
        fake.faults().graphErrorNext(1, 131026);

        assertThat(messenger().sendText(JANA, "On it", "ISS-1"))
                .isInstanceOfSatisfying(SendResult.Refused.class, r -> assertThat(r.code()).isEqualTo(131026));
        assertThat(fake.attempts()).hasSize(1);
    }

    @Test
    void aWrongToken_isRefused190_notRetried() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("printer jammed");

        SendResult result = messenger(fake.baseUrl(), "expired-token").sendText(JANA, "On it", "ISS-1");

        assertThat(result).isInstanceOfSatisfying(SendResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(190);
            assertThat(r.reason()).contains("WHATSAPP_ACCESS_TOKEN").doesNotContain("expired-token");
        });
        assertThat(fake.attempts()).hasSize(1);
    }

    @Test
    void aRefusedConnection_isRetried_thenUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Messenger messenger = messenger("http://127.0.0.1:" + closedPort, "token");

        assertThatThrownBy(() -> messenger.sendText(JANA, "On it", "ISS-1"))
                .isInstanceOf(MessengerUnavailableException.class).hasMessageContaining("connection");
    }

    /** Stands in for intake-fn's webhook: it verifies each POST with the production verifier. */
    private HttpServer intake() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/webhooks/whatsapp", exchange -> {
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    boolean valid = signature.verify(body, exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"));
                    if (valid) {
                        verifiedWebhooks.add(JSON.readTree(body));
                    }
                    exchange.sendResponseHeaders(valid ? 200 : 401, -1);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
