package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.WebhookReceiver.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample events {@code events/erpnext-comment-after_insert.json} and {@code
 * events/erpnext-issue-on_change.json} are what this fake sends for Threadline's two Webhooks
 * (erpnext.md §10.3), wrapped as API Gateway HTTP API events for {@code POST /webhooks/erpnext}. This
 * test replays the same steps on a fixed clock and compares, so the samples cannot drift from the
 * sender. Run with {@code -Devents.write=true} to write them anew.
 */
class WebhookEventsTest {

    private static final Path EVENTS = Path.of("..", "events");
    private static final String SECRET = ErpNextFakeWebhookTest.SECRET;

    @Test
    void theSampleEvents_areExactlyWhatTheFakeSends_signedWithTheTestSecret() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T13:05:00Z"), ZoneOffset.UTC);
        List<Received> sent;
        String commentName;
        try (WebhookReceiver receiver = new WebhookReceiver();
             ErpNextFake fake = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields()
                     .withClock(clock, ZoneOffset.UTC).withWebhookPause(d -> { }))) {
            FakeHttp http = new FakeHttp(fake);
            http.post("/api/resource/Webhook", ErpNextFakeWebhookTest.hook("Comment", "after_insert",
                    ErpNextFakeWebhookTest.COMMENT_CONDITION, receiver.url(), "doctype", "name", "modified",
                    "reference_doctype", "reference_name", "comment_type", "content", "comment_email"));
            http.post("/api/resource/Webhook", ErpNextFakeWebhookTest.hook("Issue", "on_change", null, receiver.url(),
                    "doctype", "name", "modified", "status", "resolution_details"));
            String issue = http.post("/api/resource/Issue", Map.of("subject", "Printer on fire")).json().at("/data/name").asText();
            commentName = fake.comment(issue, "Please unplug it and tell me what the display shows.", true);
            fake.setIssueStatus(issue, "Resolved");
            assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
            sent = receiver.received();
        }
        assertThat(sent).hasSize(2);
        check("erpnext-comment-after_insert.json", sent.get(0), commentName);
        check("erpnext-issue-on_change.json", sent.get(1), null);
    }

    /** @param randomName the Comment's random name in this run, written as {@code 3f9c1a7b2e} in the sample */
    private static void check(String file, Received got, String randomName) throws Exception {
        String body = randomName == null ? got.body() : got.body().replace(randomName, "3f9c1a7b2e");
        String signature = ErpNextFakeWebhookTest.hmac(SECRET, body);
        Path path = EVENTS.resolve(file);
        if (Boolean.getBoolean("events.write")) {
            Files.writeString(path, event(body, signature, got.headers().get("user-agent")));
        }
        JsonNode event = Reply.JSON.readTree(path.toFile());
        assertThat(event.get("body").asText()).isEqualTo(body);
        assertThat(event.at("/headers/x-frappe-webhook-signature").asText()).isEqualTo(signature);
        assertThat(event.at("/headers/content-type").asText()).isEqualTo("application/json");
    }

    private static String event(String body, String signature, String userAgent) throws Exception {
        ObjectNode e = Reply.JSON.createObjectNode().put("version", "2.0").put("routeKey", "POST /webhooks/erpnext")
                .put("rawPath", "/webhooks/erpnext").put("rawQueryString", "");
        e.putObject("headers").put("accept", "*/*").put("content-type", "application/json")
                .put("host", "a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com").put("user-agent", userAgent)
                .put("x-frappe-webhook-signature", signature).put("content-length", Integer.toString(body.length()));
        ObjectNode context = e.putObject("requestContext").put("accountId", "123456789012").put("apiId", "a1b2c3d4e5")
                .put("domainName", "a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com").put("domainPrefix", "a1b2c3d4e5");
        context.putObject("http").put("method", "POST").put("path", "/webhooks/erpnext").put("protocol", "HTTP/1.1")
                .put("sourceIp", "203.0.113.10").put("userAgent", userAgent);
        context.put("requestId", "Kq3fHjLuFiAEMZw=").put("routeKey", "POST /webhooks/erpnext").put("stage", "$default")
                .put("time", "21/Nov/2026:13:05:01 +0000").put("timeEpoch", 1795266301000L);
        e.put("body", body).put("isBase64Encoded", false);
        return Reply.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(e) + "\n";
    }
}
