package dev.threadline.emulators.whatsapp;

import static dev.threadline.emulators.whatsapp.WhatsAppCloudFakeTest.PHONE_NUMBER_ID;
import static dev.threadline.emulators.whatsapp.WhatsAppCloudFakeTest.WA_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Media lookup and download as whatsapp.md §7 describes them, on the injected clock. */
class WhatsAppMediaTest {

    private static final byte[] JPEG = "\u00ff\u00d8\u00ff fake jpeg".getBytes(StandardCharsets.ISO_8859_1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final WebhookReceiver webhook = new WebhookReceiver();
    private final WhatsAppCloudFake fake = WhatsAppCloudFake.builder().webhookUrl(webhook.url()).clock(clock).start();
    private final GraphClient graph = new GraphClient(fake);

    @AfterEach
    void close() {
        fake.close();
        webhook.close();
    }

    @Test
    void aCustomersPhoto_isAMediaIdThatResolvesToAUrl_thatAnswersTheBytesWithTheToken() throws Exception {
        assertThat(fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsImage(JPEG, "damaged box")).isEqualTo(200);
        JsonNode image = webhook.posts.getFirst().json().path("entry").path(0).path("changes").path(0).path("value")
                .path("messages").path(0).path("image");
        assertThat(image.path("caption").asText()).isEqualTo("damaged box");
        assertThat(image.path("mime_type").asText()).isEqualTo("image/jpeg");

        GraphClient.Response lookup = graph.get(fake.baseUrl() + "/v23.0/" + image.path("id").asText(), fake.accessToken());

        assertThat(lookup.status()).isEqualTo(200);
        JsonNode answer = lookup.json();
        assertThat(answer.path("id").asText()).isEqualTo(image.path("id").asText());
        assertThat(answer.path("mime_type").asText()).isEqualTo("image/jpeg");
        assertThat(answer.path("file_size").asText()).isEqualTo(Integer.toString(JPEG.length));
        assertThat(answer.path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JPEG)));
        GraphClient.Response download = graph.get(answer.path("url").asText(), fake.accessToken());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("image/jpeg");
        assertThat(download.bytes()).isEqualTo(JPEG);
    }

    @Test
    void theDownloadUrl_is404WithoutTheToken_andAfterFiveMinutes_aFreshLookupWorksAgain() {
        String id = fake.media().register(JPEG, "image/jpeg").id();
        String url = graph.get(fake.baseUrl() + "/v23.0/" + id, fake.accessToken()).json().path("url").asText();

        assertThat(graph.get(url, null).status()).isEqualTo(404);
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(graph.get(url, fake.accessToken()).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(graph.get(url, fake.accessToken()).status()).isEqualTo(404);

        String fresh = graph.get(fake.baseUrl() + "/v23.0/" + id, fake.accessToken()).json().path("url").asText();
        assertThat(graph.get(fresh, fake.accessToken()).bytes()).isEqualTo(JPEG);
    }

    @Test
    void theLookup_needsTheToken_andKnowsOnlyRegisteredIds() {
        String id = fake.media().register(JPEG, "image/jpeg").id();

        GraphClient.Response noToken = graph.get(fake.baseUrl() + "/v23.0/" + id, null);
        GraphClient.Response unknown = graph.get(fake.baseUrl() + "/v23.0/1234567890123456", fake.accessToken());

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errorCode()).isEqualTo(190);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo(100);
    }

    @Test
    void theExpiryFault_refusesTheNextDownloads_andAFreshLookupWorksAfterIt() {
        String id = fake.media().register("2033445566778899", JPEG, "image/jpeg").id();
        String url = graph.get(fake.baseUrl() + "/v23.0/" + id, fake.accessToken()).json().path("url").asText();
        fake.media().expireNextDownloads(1);

        assertThat(graph.get(url, fake.accessToken()).status()).isEqualTo(404);
        String fresh = graph.get(fake.baseUrl() + "/v23.0/" + id, fake.accessToken()).json().path("url").asText();
        assertThat(graph.get(fresh, fake.accessToken()).bytes()).isEqualTo(JPEG);
        assertThat(fake.media().downloads()).isEqualTo(2);
    }
}
