package dev.threadline.adapter.mattermost;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Notice;
import dev.threadline.domain.Priority;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.config.SecretValues;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.retry.event.RetryEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Mattermost notice through the real HTTP client and micronaut-retry, against a local webhook. */
class MattermostNotifierTest {

    private static final Notice NOTICE = new Notice.TicketOpened(new Notice.Ticket("ISS-1", "https://erp/app/issue/ISS-1"),
            "Printer on fire", Priority.HIGH);

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** A webhook that answers each POST with the next status, the last one for ever after. */
    private String mattermostAnswering(Integer... statuses) throws IOException {
        Queue<Integer> script = new ArrayDeque<>(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/secret", exchange -> {
            try (exchange) {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                int status = script.size() > 1 ? script.poll() : script.peek();
                byte[] body = (status == 200 ? "ok" : "{\"message\":\"try later\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/secret";
    }

    private MattermostNotifier notifier(String webhookUrl) {
        context = ApplicationContext.run(Map.of("threadline.function", "ticket", // notices are ticket-fn's
                "threadline.mattermost.webhook-url", webhookUrl, "test.retry-events", true));
        return new MattermostNotifier(context.getBean(MattermostWebhook.class), metrics, context.getBean(SecretValues.class));
    }

    @Test
    void aNoticeIsDelivered_whenMattermostFailsTwiceThenAccepts() throws IOException {
        MattermostNotifier notifier = notifier(mattermostAnswering(503, 429, 200));

        assertThat(notifier.notify(NOTICE)).isTrue();

        assertThat(received).hasSize(3).allSatisfy(body -> assertThat(body).contains("\"text\":\"New ticket [ISS-1]"));
        assertThat(metrics.total("NoticesFailed")).isZero();
    }

    @Test
    void aNoticeMattermostKeepsFailing_isGivenUpAfterThreeAttempts_loggedAndCounted_neverThrown() throws IOException {
        MattermostNotifier notifier = notifier(mattermostAnswering(502));

        assertThat(notifier.notify(NOTICE)).isFalse();

        assertThat(received).hasSize(3);
        assertThat(metrics.total("NoticesFailed")).isEqualTo(1);
    }

    @Test
    void aNoticeMattermostRejects_isNotRetried() throws IOException {
        MattermostNotifier notifier = notifier(mattermostAnswering(400));

        assertThat(notifier.notify(NOTICE)).isFalse();

        assertThat(received).hasSize(1);
        assertThat(metrics.total("NoticesFailed")).isEqualTo(1);
    }

    @Test
    void aRefusedConnection_isRetried_thenGivenUpQuietly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MattermostNotifier notifier = notifier("http://127.0.0.1:" + closedPort + "/hooks/secret");

        assertThat(notifier.notify(NOTICE)).isFalse();

        assertThat(context.getBean(Retries.class).events).as("two retries after the first refusal").hasSize(2);
        assertThat(metrics.total("NoticesFailed")).isEqualTo(1);
    }

    @Test
    void theContextsNotifier_isTheMattermostOne_whenAWebhookIsConfigured() throws IOException {
        notifier(mattermostAnswering(200));

        assertThat(context.getBean(AgentNotifier.class)).isInstanceOf(MattermostNotifier.class);
    }

    /** Micronaut publishes one RetryEvent per retry. */
    @Singleton
    @Requires(property = "test.retry-events")
    static class Retries implements ApplicationEventListener<RetryEvent> {
        final List<RetryEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(RetryEvent event) {
            events.add(event);
        }
    }
}
