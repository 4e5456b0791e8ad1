package dev.threadline.emulators.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Customers writing, sends inside and outside the 24-hour window, templates, tokens and status webhooks. */
class WhatsAppCloudFakeTest {

    static final String PHONE_NUMBER_ID = "109876543210987";
    static final String WA_ID = "4915112345678";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final WebhookReceiver webhook = new WebhookReceiver();
    private final WhatsAppCloudFake fake = WhatsAppCloudFake.builder().webhookUrl(webhook.url()).clock(clock)
            .businessNumber(PHONE_NUMBER_ID, "4930123456789").approvedTemplate("ticket_update", "en", 1).start();
    private final GraphClient graph = new GraphClient(fake);

    @AfterEach
    void close() {
        fake.close();
        webhook.close();
    }

    @Test
    void aCustomersText_isPostedInMetasShape_signedWithTheAppSecret_nonAsciiEscapedLowercase() {
        int status = fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("Drucker kaputt 👍 é");

        assertThat(status).isEqualTo(200);
        WebhookReceiver.Post post = webhook.posts.getFirst();
        assertThat(post.signedWith("test-app-secret")).isTrue();
        assertThat(post.signedWith("another-secret")).isFalse();
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(post.body()).contains("\\ud83d\\udc4d \\u00e9").doesNotContain("👍");
        JsonNode value = post.json().path("entry").path(0).path("changes").path(0).path("value");
        assertThat(post.json().path("object").asText()).isEqualTo("whatsapp_business_account");
        assertThat(value.path("metadata").path("phone_number_id").asText()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(value.path("metadata").path("display_phone_number").asText()).isEqualTo("4930123456789");
        assertThat(value.path("contacts").path(0).path("wa_id").asText()).isEqualTo(WA_ID);
        assertThat(value.path("contacts").path(0).path("profile").path("name").asText()).isEqualTo("Jana");
        JsonNode message = value.path("messages").path(0);
        assertThat(message.path("from").asText()).isEqualTo(WA_ID);
        assertThat(message.path("id").asText()).startsWith("wamid.");
        assertThat(message.path("timestamp").isTextual()).as("seconds as a string").isTrue();
        assertThat(message.path("timestamp").asText()).isEqualTo("1795266000");
        assertThat(message.path("text").path("body").asText()).isEqualTo("Drucker kaputt 👍 é");
        assertThat(message.has("from_user_id")).isFalse();
    }

    @Test
    void aCustomerWithABsuid_carriesUserIdAndFromUserId() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").withBsuid("DE.13491208655302741918").sendsText("hi");

        JsonNode value = webhook.posts.getFirst().json().path("entry").path(0).path("changes").path(0).path("value");
        assertThat(value.path("contacts").path(0).path("user_id").asText()).isEqualTo("DE.13491208655302741918");
        assertThat(value.path("messages").path(0).path("from_user_id").asText()).isEqualTo("DE.13491208655302741918");
        assertThat(value.path("messages").path(0).path("from").asText()).isEqualTo(WA_ID);
    }

    @Test
    void aTextInsideTheWindow_isAccepted_recordedOnce_andReportedSentDeliveredRead_withTheCallbackData() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("help");
        clock.advance(Duration.ofHours(23));

        GraphClient.Response response = graph.send(PHONE_NUMBER_ID, GraphClient.text("+" + WA_ID, "On it", "ISS-1"));

        assertThat(response.status()).isEqualTo(200);
        String wamid = response.json().path("messages").path(0).path("id").asText();
        assertThat(wamid).startsWith("wamid.");
        assertThat(response.json().path("contacts").path(0).path("wa_id").asText()).isEqualTo(WA_ID);
        assertThat(fake.sent()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("On it");
            assertThat(m.waId()).isEqualTo(WA_ID);
            assertThat(m.callbackData()).isEqualTo("ISS-1");
            assertThat(m.wamid()).isEqualTo(wamid);
            assertThat(m.at()).isEqualTo(clock.instant());
        });
        fake.awaitCallbacks(Duration.ofSeconds(10));
        assertThat(webhook.statuses()).extracting(s -> s.path("status").asText()).containsExactly("sent", "delivered", "read");
        assertThat(webhook.statuses()).allSatisfy(s -> {
            assertThat(s.path("id").asText()).isEqualTo(wamid);
            assertThat(s.path("recipient_id").asText()).isEqualTo(WA_ID);
            assertThat(s.path("biz_opaque_callback_data").asText()).isEqualTo("ISS-1");
        });
        assertThat(webhook.statuses().get(1).path("pricing").path("category").asText()).isEqualTo("service");
        assertThat(webhook.statuses().get(2).has("pricing")).isFalse();
        assertThat(webhook.posts).allMatch(p -> p.signedWith("test-app-secret"));
        assertThat(fake.statusCallbacks()).extracting(StatusCallback::httpStatus).containsOnly(200);
    }

    @Test
    void aTextOutsideTheWindow_isRefusedWith131047_andNothingIsSent() {
        GraphClient.Response never = graph.send(PHONE_NUMBER_ID, GraphClient.text("+" + WA_ID, "Hello?", null));
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("help");
        clock.advance(Duration.ofHours(24));
        GraphClient.Response expired = graph.send(PHONE_NUMBER_ID, GraphClient.text("+" + WA_ID, "Still there?", null));

        for (GraphClient.Response r : new GraphClient.Response[] {never, expired}) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo(131047);
            assertThat(r.json().path("error").path("error_data").path("details").asText()).contains("24 hours");
            assertThat(r.json().path("error").path("fbtrace_id").asText()).isNotBlank();
        }
        assertThat(fake.sent()).isEmpty();
        assertThat(fake.attempts()).extracting(SendAttempt::errorCode).containsExactly(131047, 131047);
    }

    @Test
    void whenSwitchedToAcceptThenFail_aTextOutsideTheWindowGetsAWamid_thenAFailedStatusWith131047() {
        try (WhatsAppCloudFake lenient = WhatsAppCloudFake.builder().webhookUrl(webhook.url())
                .outsideWindow(WhatsAppCloudFakeBuilder.OutsideWindow.ACCEPT_THEN_FAIL).start()) {
            GraphClient.Response response = new GraphClient(lenient).send(PHONE_NUMBER_ID,
                    GraphClient.text("+" + WA_ID, "Hello?", "ISS-9"));

            assertThat(response.status()).isEqualTo(200);
            lenient.awaitCallbacks(Duration.ofSeconds(10));
            assertThat(webhook.statuses()).singleElement().satisfies(s -> {
                assertThat(s.path("status").asText()).isEqualTo("failed");
                assertThat(s.path("errors").path(0).path("code").asInt()).isEqualTo(131047);
                assertThat(s.path("biz_opaque_callback_data").asText()).isEqualTo("ISS-9");
                assertThat(s.has("pricing")).isFalse();
            });
        }
    }

    @Test
    void anApprovedTemplate_isAcceptedOutsideTheWindow_butAnUnknownOneOrAWrongParameterCountIsNot() {
        GraphClient.Response ok = graph.send(PHONE_NUMBER_ID, GraphClient.template("+" + WA_ID, "ticket_update", "en", "ISS-1"));
        GraphClient.Response language = graph.send(PHONE_NUMBER_ID, GraphClient.template("+" + WA_ID, "ticket_update", "de", "ISS-1"));
        GraphClient.Response count = graph.send(PHONE_NUMBER_ID, GraphClient.template("+" + WA_ID, "ticket_update", "en"));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(language.errorCode()).isEqualTo(132001);
        assertThat(count.errorCode()).isEqualTo(132000);
        assertThat(fake.sent()).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo("ticket_update");
            assertThat(m.parameters()).containsExactly("ISS-1");
        });
    }

    @Test
    void aMissingOrWrongToken_is401WithCode190() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("help");
        String text = GraphClient.text("+" + WA_ID, "hi", null);

        GraphClient.Response missing = graph.send(PHONE_NUMBER_ID, text, null, Duration.ofSeconds(5));
        GraphClient.Response wrong = graph.send(PHONE_NUMBER_ID, text, "expired", Duration.ofSeconds(5));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errorCode()).isEqualTo(190);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo(190);
        assertThat(fake.sent()).isEmpty();
    }

    @Test
    void invalidRequests_areCode100() {
        fake.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("help");

        assertThat(graph.send(PHONE_NUMBER_ID, "{\"to\":\"+" + WA_ID + "\",\"type\":\"text\",\"text\":{\"body\":\"x\"}}")
                .errorCode()).as("no messaging_product").isEqualTo(100);
        assertThat(graph.send(PHONE_NUMBER_ID, GraphClient.text("+" + WA_ID, "x".repeat(4097), null)).errorCode())
                .as("a body over 4,096 characters").isEqualTo(100);
        assertThat(graph.send(PHONE_NUMBER_ID, GraphClient.text("", "x", null)).errorCode()).as("no recipient").isEqualTo(100);
        assertThat(graph.send(PHONE_NUMBER_ID, GraphClient.text("+" + WA_ID, "x".repeat(4096), null)).status()).isEqualTo(200);
    }

    @Test
    void steppedStatuses_waitForTheTest() {
        try (WhatsAppCloudFake stepped = WhatsAppCloudFake.builder().webhookUrl(webhook.url())
                .statuses(WhatsAppCloudFakeBuilder.Statuses.STEPPED).start()) {
            stepped.customer(PHONE_NUMBER_ID, WA_ID, "Jana").sendsText("help");
            String wamid = new GraphClient(stepped).send(PHONE_NUMBER_ID, GraphClient.text("+" + WA_ID, "ok", null))
                    .json().path("messages").path(0).path("id").asText();
            stepped.awaitCallbacks(Duration.ofSeconds(10));
            assertThat(webhook.statuses()).isEmpty();

            assertThat(stepped.advance(wamid)).isEqualTo("sent");
            stepped.postStatus(wamid, "read");
            stepped.awaitCallbacks(Duration.ofSeconds(10));

            assertThat(webhook.statuses()).extracting(s -> s.path("status").asText()).containsExactly("sent", "read");
            assertThat(stepped.advance(wamid)).isEqualTo("delivered");
            assertThat(stepped.advance(wamid)).isEqualTo("read");
            assertThat(stepped.advance(wamid)).isNull();
        }
    }
}
