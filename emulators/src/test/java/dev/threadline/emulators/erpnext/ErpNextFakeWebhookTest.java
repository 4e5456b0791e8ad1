package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.emulators.erpnext.FakeHttp.Response;
import dev.threadline.emulators.erpnext.WebhookReceiver.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks as Frappe fires and sends them (erpnext.md §10.1 to §10.3), seen from a receiver. */
class ErpNextFakeWebhookTest {

    static final String SECRET = "test-frappe-secret";
    static final String COMMENT_CONDITION = "doc.reference_doctype == \"Issue\" and doc.comment_type == \"Comment\"";

    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private WebhookReceiver receiver;
    private ErpNextFake fake;
    private FakeHttp http;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        fake = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields().withWebhookPause(pauses::add));
        http = new FakeHttp(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
        receiver.close();
    }

    static Map<String, Object> hook(String doctype, String event, String condition, String url, String... fields) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("webhook_doctype", doctype);
        h.put("webhook_docevent", event);
        if (condition != null) {
            h.put("condition", condition);
        }
        h.put("request_url", url);
        h.put("request_structure", "Form URL-Encoded");
        h.put("webhook_headers", List.of(Map.of("key", "Content-Type", "value", "application/json")));
        h.put("webhook_data", java.util.Arrays.stream(fields).map(f -> Map.of("fieldname", f, "key", f)).toList());
        h.put("enable_security", 1);
        h.put("webhook_secret", SECRET);
        h.put("timeout", 5);
        return h;
    }

    private String create(Map<String, Object> hook) {
        Response r = http.post("/api/resource/Webhook", hook);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/data/name").asText();
    }

    private String newIssue() {
        return http.post("/api/resource/Issue", Map.of("subject", "Printer on fire")).json().at("/data/name").asText();
    }

    private List<Received> delivered() throws InterruptedException {
        assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(10))).as("webhook worker finished").isTrue();
        return receiver.received();
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aWebhookIsADocument_namedBySeries_withItsSecretMaskedOnRead() {
        String name = create(hook("Issue", "on_change", null, receiver.url(), "name", "status"));

        assertThat(name).isEqualTo("HOOK-0001");
        JsonNode read = http.get("/api/resource/Webhook/" + name).json().get("data");
        assertThat(read.get("webhook_secret").asText()).isEqualTo("*".repeat(SECRET.length()));
        assertThat(read.at("/webhook_data/1/fieldname").asText()).isEqualTo("status");
        assertThat(read.at("/webhook_headers/0/value").asText()).isEqualTo("application/json");
        assertThat(http.put("/api/resource/Webhook/" + name, Map.of("request_url", receiver.url() + "?v=2")).status())
                .isEqualTo(200);
        assertThat(http.as(null).get("/api/resource/Webhook/" + name).status()).isEqualTo(403);
    }

    @Test
    void aCommentAfterInsert_sendsFrappesBody_signedWithTheSecret_andOnlyTheConfiguredHeaders() throws Exception {
        create(hook("Comment", "after_insert", COMMENT_CONDITION, receiver.url(), "doctype", "name", "reference_doctype",
                "reference_name", "comment_type", "content"));
        String issue = newIssue();

        http.post("/api/method/frappe.desk.form.utils.add_comment", Map.of("reference_doctype", "Issue",
                "reference_name", issue, "content", "<p>reply: Grüße</p>", "comment_email", "a@example.com", "comment_by", "Ana"));

        Received got = delivered().getFirst();
        String name = fake.comments(issue).getFirst().get("name").toString();
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.body()).isEqualTo("{\"doctype\": \"Comment\", \"name\": \"" + name + "\", \"reference_doctype\": \"Issue\","
                + " \"reference_name\": \"" + issue + "\", \"comment_type\": \"Comment\", \"content\": \"<p>reply: Gr\\u00fc\\u00dfe</p>\"}");
        assertThat(got.headers().get("x-frappe-webhook-signature")).isEqualTo(hmac(SECRET, got.body())).hasSize(44);
        assertThat(got.headers().get("content-type")).isEqualTo("application/json");
        assertThat(got.headers().keySet()).noneMatch(h -> h.startsWith("x-") && !h.equals("x-frappe-webhook-signature"));
        assertThat(fake.webhooks().log()).singleElement().satisfies(l -> {
            assertThat(l.webhook()).isEqualTo("HOOK-0001");
            assertThat(l.referenceDocument()).isEqualTo(name);
            assertThat(l.succeeded()).isTrue();
        });
    }

    @Test
    void theConditionIsEvaluatedOnTheDocument_soOtherCommentsSendNothing() throws Exception {
        create(hook("Comment", "after_insert", COMMENT_CONDITION, receiver.url(), "name"));
        String issue = newIssue();

        Response info = http.post("/api/resource/Comment", Map.of("comment_type", "Info", "reference_doctype", "Issue",
                "reference_name", issue, "content", "assigned"));
        http.post("/api/resource/Comment", Map.of("comment_type", "Comment", "reference_doctype", "Issue",
                "reference_name", issue, "content", "hello"));

        assertThat(info.status()).isEqualTo(200);
        assertThat(delivered()).singleElement().satisfies(r -> assertThat(r.body()).doesNotContain(
                info.json().at("/data/name").asText()));
    }

    @Test
    void issueEvents_afterInsertOnUpdateOnChange_fireAsFrappeDoes_includingTheDbSetOfAReceivedCommunication()
            throws Exception {
        create(hook("Issue", "on_change", null, receiver.url() + "?e=change", "name", "status"));
        create(hook("Issue", "on_update", null, receiver.url() + "?e=update", "name", "status"));
        create(hook("Issue", "after_insert", null, receiver.url() + "?e=insert", "name", "status"));
        String issue = newIssue();
        assertThat(delivered()).extracting(r -> r.headers().get("content-type")).hasSize(2);
        int afterInsert = receiver.received().size();

        http.put("/api/resource/Issue/" + issue, Map.of("status", "Resolved"));
        http.post("/api/resource/Communication", Map.of("communication_type", "Communication", "sent_or_received",
                "Received", "reference_doctype", "Issue", "reference_name", issue, "content", "still broken"));

        List<String> bodies = delivered().stream().skip(afterInsert).map(Received::body).toList();
        assertThat(bodies).containsExactly(
                "{\"name\": \"" + issue + "\", \"status\": \"Resolved\"}",   // PUT: on_update
                "{\"name\": \"" + issue + "\", \"status\": \"Resolved\"}",   // PUT: on_change
                "{\"name\": \"" + issue + "\", \"status\": \"Open\"}");      // db_set by the Communication: on_change only
        assertThat(fake.webhooks().log()).extracting(WebhookRequestLog::webhook)
                .containsExactly("HOOK-0003", "HOOK-0002", "HOOK-0002", "HOOK-0001", "HOOK-0001");
    }

    @Test
    void aFailingReceiver_getsThreeAttempts_waiting1And4And7Seconds() throws Exception {
        create(hook("Issue", "after_insert", null, receiver.url(), "name"));
        receiver.answer(503, 500, 404);

        newIssue();

        assertThat(delivered()).hasSize(3).extracting(Received::body).containsOnly(receiver.received().getFirst().body());
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(7));
        assertThat(fake.webhooks().log()).extracting(WebhookRequestLog::error)
                .containsExactly("HTTPError: 503", "HTTPError: 500", "HTTPError: 404");
    }

    @Test
    void aSecondAttemptThatSucceeds_endsTheRetries() throws Exception {
        create(hook("Issue", "after_insert", null, receiver.url(), "name"));
        receiver.answer(502);

        newIssue();

        assertThat(delivered()).hasSize(2);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void afterAReadTimeout_theNextAttemptStartsAtOnce_andTheReceiverSeesADuplicate() throws Exception {
        create(hook("Issue", "after_insert", null, receiver.url(), "name"));
        fake.webhooks().timeoutNext(1);

        newIssue();

        List<Received> got = delivered();
        assertThat(got).hasSize(2);
        assertThat(got.get(0).body()).isEqualTo(got.get(1).body());
        assertThat(pauses).isEmpty();
        assertThat(fake.webhooks().log()).extracting(WebhookRequestLog::error).first().asString().startsWith("ReadTimeout");
    }

    @Test
    void refusedConnections_sendNothing_andTheEventIsDroppedAfterThreeAttempts() throws Exception {
        create(hook("Issue", "after_insert", null, receiver.url(), "name"));
        fake.webhooks().dropNext(3);

        newIssue();

        assertThat(delivered()).isEmpty();
        assertThat(pauses).hasSize(3);
        assertThat(fake.webhooks().log()).hasSize(3).noneMatch(WebhookRequestLog::sent);
    }

    @Test
    void aFailedRequest_sendsNothing() throws Exception {
        create(hook("Issue", "after_insert", null, receiver.url(), "name"));

        Response refused = http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "Urgent"));

        assertThat(refused.status()).isEqualTo(417);
        assertThat(delivered()).isEmpty();
        assertThat(fake.webhooks().log()).isEmpty();
    }

    @Test
    void aConditionTheFakeCannotEvaluate_orAJinjaBody_isRefused_notSilentlyIgnored() {
        Response call = http.post("/api/resource/Webhook",
                hook("Issue", "on_change", "frappe.db.get_value('User', doc.owner)", receiver.url(), "name"));
        Response unknownField = http.post("/api/resource/Webhook",
                hook("Issue", "on_change", "doc.no_such_field == 1", receiver.url(), "name"));
        Map<String, Object> json = hook("Issue", "on_change", null, receiver.url(), "name");
        json.put("request_structure", "JSON");
        json.put("webhook_json", "{\"name\": \"{{ doc.name }}\"}");

        assertThat(call.status()).isEqualTo(417);
        assertThat(call.firstMessage()).startsWith("Invalid Condition: ErpNextFake cannot evaluate").contains("It understands");
        assertThat(unknownField.firstMessage()).contains("no field 'no_such_field'");
        assertThat(http.post("/api/resource/Webhook", json).firstMessage()).contains("cannot render webhook_json");
        assertThat(fake.documents("Webhook")).isEmpty();
    }

    @Test
    void conditionsWithInNotAndOr_areEvaluatedAsPythonWould() throws Exception {
        create(hook("Issue", "on_update", "doc.status in (\"Resolved\", 'Closed') and not doc.priority"
                + " or doc.subject == \"always\"", receiver.url(), "name", "status"));
        String issue = newIssue();

        http.put("/api/resource/Issue/" + issue, Map.of("status", "Replied"));
        http.put("/api/resource/Issue/" + issue, Map.of("status", "Closed"));
        http.put("/api/resource/Issue/" + issue, Map.of("status", "Closed", "priority", "High"));

        assertThat(delivered()).extracting(Received::body).containsExactly("{\"name\": \"" + issue + "\", \"status\": \"Closed\"}");
    }
}
