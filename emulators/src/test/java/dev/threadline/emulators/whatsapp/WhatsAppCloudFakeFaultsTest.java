package dev.threadline.emulators.whatsapp;

import static dev.threadline.emulators.whatsapp.WhatsAppCloudFakeTest.PHONE_NUMBER_ID;
import static dev.threadline.emulators.whatsapp.WhatsAppCloudFakeTest.WA_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults tests inject into the next sends. */
class WhatsAppCloudFakeFaultsTest {

    private final WebhookReceiver webhook = new WebhookReceiver();
    private final WhatsAppCloudFake fake = WhatsAppCloudFake.builder().webhookUrl(webhook.url()).start();
    private final GraphClient graph = new GraphClient(fake);
    private final String text = GraphClient.text("+" + WA_ID, "On it", "ISS-1");

    @BeforeEach
    void customerWrote() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("help");
    }

    @AfterEach
    void close() {
        fake.close();
        webhook.close();
    }

    @Test
    void anHtmlError_hasNoGraphErrorBody_andSendsNothing_thenTheNextSendWorks() {
        fake.faults().htmlErrorNext(1);

        GraphClient.Response failed = graph.send(PHONE_NUMBER_ID, text);
        GraphClient.Response next = graph.send(PHONE_NUMBER_ID, text);

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.contentType()).startsWith("text/html");
        assertThat(failed.body()).doesNotContain("\"error\"");
        assertThat(next.status()).isEqualTo(200);
        assertThat(fake.sent()).hasSize(1);
        assertThat(fake.attempts()).extracting(SendAttempt::httpStatus).containsExactly(500, 200);
        assertThat(fake.faults().injected()).isEqualTo(1);
    }

    @Test
    void graphErrors_comeWithTheirUsualStatus_orTheOneAsked() {
        fake.faults().graphErrorNext(1, 130429).graphErrorNext(1, 130429, 429).graphErrorNext(1, 131026)
                .graphErrorNext(1, 131000);

        assertThat(graph.send(PHONE_NUMBER_ID, text)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo(130429);
        });
        assertThat(graph.send(PHONE_NUMBER_ID, text).status()).isEqualTo(429);
        assertThat(graph.send(PHONE_NUMBER_ID, text).errorCode()).isEqualTo(131026);
        assertThat(graph.send(PHONE_NUMBER_ID, text)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.errorCode()).isEqualTo(131000);
        });
        assertThat(fake.sent()).isEmpty();
        assertThat(fake.faults().pending()).isZero();
    }

    @Test
    void aStalledSend_timesTheClientOut_yetWasAccepted() {
        fake.faults().stallNext(1, Duration.ofSeconds(30));

        assertThatThrownBy(() -> graph.send(PHONE_NUMBER_ID, text, fake.accessToken(), Duration.ofMillis(300)))
                .hasCauseInstanceOf(HttpTimeoutException.class);

        assertThat(fake.sent()).as("Meta took it; only the answer was lost").hasSize(1);
        fake.awaitCallbacks(Duration.ofSeconds(10));
        assertThat(webhook.statuses()).extracting(s -> s.path("status").asText()).contains("sent");
    }

    @Test
    void failAfterAccept_answers200_thenReportsFailedWithTheCode() {
        fake.faults().failAfterAcceptNext(1, 131026);

        GraphClient.Response response = graph.send(PHONE_NUMBER_ID, text);

        assertThat(response.status()).isEqualTo(200);
        fake.awaitCallbacks(Duration.ofSeconds(10));
        assertThat(fake.statusCallbacks()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("failed");
            assertThat(c.errorCode()).isEqualTo(131026);
            assertThat(c.callbackData()).isEqualTo("ISS-1");
            assertThat(c.wamid()).isEqualTo(response.json().path("messages").path(0).path("id").asText());
        });
    }

    @Test
    void faultsNeedAPositiveCount() {
        assertThatThrownBy(() -> fake.faults().htmlErrorNext(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
