package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.emulators.erpnext.FakeHttp.Response;
import dev.threadline.emulators.erpnext.WebhookReceiver.Received;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's page over HTTP: badges, sanitised HTML, the reply and status forms, and Comment updates. */
class ErpNextFakePageTest {

    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    private WebhookReceiver receiver;
    private ErpNextFake fake;
    private FakeHttp http;
    private FakeHttp browser;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        fake = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields().withReplyMarker("reply:")
                .withWebhookPause(d -> { }));
        http = new FakeHttp(fake);
        browser = http.as(null);
    }

    @AfterEach
    void stop() {
        fake.close();
        receiver.close();
    }

    private String issue(Map<String, Object> fields) {
        return http.post("/api/resource/Issue", fields).json().at("/data/name").asText();
    }

    private Response post(String path, String form, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(FORM);
        all.putAll(headers);
        return browser.send("POST", path, form, all, Duration.ofSeconds(5));
    }

    @Test
    void eachIssue_showsItsBadges_sanitisedDescription_timeline_andHidesInternalFields() {
        String name = issue(Map.of("subject", "Printer", "priority", "High", "custom_needs_triage", 1,
                "custom_idempotency_key", "key-1", "description",
                "<p>It <b>burns</b><script>alert(1)</script> <a href=\"javascript:x()\">x</a> <a href=\"https://ex.com\">y</a></p>"));
        http.post("/api/resource/Communication", Map.of("communication_type", "Communication", "sent_or_received", "Received",
                "reference_doctype", "Issue", "reference_name", name, "content", "<p>still <em>broken</em></p>"));
        fake.comment(name, "on it", false);

        String page = browser.get("/").body();

        String card = page.substring(page.indexOf("data-issue=\"" + name + "\""));
        assertThat(card).contains("<span class=\"badge status\">Open</span>")
                .contains("<span class=\"badge priority\">High</span>")
                .contains("<span class=\"badge triage\">needs triage</span>")
                .contains("<div class=\"description\"><p>It <b>burns</b>&lt;script&gt;alert(1)&lt;/script&gt; <a>x</a>"
                        + " <a href=\"https://ex.com\" rel=\"nofollow noopener noreferrer\">y</a></p></div>")
                .doesNotContain("<script>").doesNotContain("javascript:");
        assertThat(card.indexOf("data-kind=\"communication\"")).isPositive()
                .isLessThan(card.indexOf("data-kind=\"comment\""));
        assertThat(card).contains("still <em>broken</em>");
        String internal = card.substring(card.indexOf("<details class=\"internal\">"), card.indexOf("</details>"));
        assertThat(internal).contains("custom_idempotency_key").contains("key-1");
        assertThat(card.substring(0, card.indexOf("<details"))).doesNotContain("key-1");
        assertThat(card).contains("<form class=\"reply\" method=\"post\" action=\"/app/issue/" + name + "/reply\" data-issue=\""
                + name + "\">").contains("<textarea name=\"text\"")
                .contains("<button name=\"visibility\" value=\"customer\">Reply to customer</button>")
                .contains("<button name=\"visibility\" value=\"internal\">Internal note</button>");
    }

    @Test
    void theReplyBox_addsAComment_withTheMarkerForTheCustomer_andWithoutForANote_firingTheCommentWebhook()
            throws Exception {
        http.post("/api/resource/Webhook", ErpNextFakeWebhookTest.hook("Comment", "after_insert",
                ErpNextFakeWebhookTest.COMMENT_CONDITION, receiver.url(), "name", "content", "comment_email"));
        String name = issue(Map.of("subject", "Printer"));

        Response reply = post("/app/issue/" + name + "/reply", "text=" + FakeHttp.q("Try <this> & that")
                + "&visibility=customer&back=" + FakeHttp.q("/app/issue/" + name), Map.of());
        Response note = post("/app/issue/" + name + "/reply", "text=" + FakeHttp.q("customer is VIP")
                + "&visibility=internal&back=/", Map.of());

        assertThat(reply.status()).isEqualTo(303);
        assertThat(reply.header("Location")).isEqualTo("/app/issue/" + name);
        assertThat(note.header("Location")).isEqualTo("/");
        assertThat(fake.comments(name)).extracting(c -> c.get("content")).containsExactly(
                "<p>reply: Try &lt;this&gt; &amp; that</p>", "<p>customer is VIP</p>");
        assertThat(fake.comments(name)).allSatisfy(c -> assertThat(c).containsEntry("comment_type", "Comment")
                .containsEntry("comment_email", "Administrator"));
        assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(receiver.received()).extracting(Received::body).hasSize(2)
                .anySatisfy(b -> assertThat(b).contains("\"content\": \"<p>reply: Try &lt;this&gt; &amp; that</p>\""));
    }

    @Test
    void theStatusForm_savesTheIssue_firingOnChange_andForeignOriginsAndBadInputAreRefused() throws Exception {
        http.post("/api/resource/Webhook", ErpNextFakeWebhookTest.hook("Issue", "on_change", null, receiver.url(),
                "name", "status"));
        String name = issue(Map.of("subject", "Printer"));

        Response foreign = post("/app/issue/" + name + "/status", "status=Closed", Map.of("Origin", "https://evil.example"));
        Response empty = post("/app/issue/" + name + "/reply", "text=&visibility=customer", Map.of());
        Response saved = post("/app/issue/" + name + "/status", "status=Resolved", Map.of());

        assertThat(foreign.status()).isEqualTo(403);
        assertThat(empty.status()).isEqualTo(417);
        assertThat(saved.status()).isEqualTo(303);
        assertThat(fake.issue(name).orElseThrow()).containsEntry("status", "Resolved");
        assertThat(fake.comments(name)).isEmpty();
        assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(receiver.received()).extracting(Received::body)
                .containsExactly("{\"name\": \"" + name + "\", \"status\": \"Resolved\"}");
    }

    @Test
    void aCommentsContent_canBeUpdatedInPlace_bySystemManager_withoutFiringAfterInsertAgain() throws Exception {
        http.post("/api/resource/Webhook", ErpNextFakeWebhookTest.hook("Comment", "after_insert",
                ErpNextFakeWebhookTest.COMMENT_CONDITION, receiver.url(), "name"));
        String name = issue(Map.of("subject", "Printer"));
        String comment = http.post("/api/method/frappe.desk.form.utils.add_comment", Map.of("reference_doctype", "Issue",
                "reference_name", name, "content", "<p>Threadline: waiting</p>", "comment_email", "t@example.com",
                "comment_by", "Threadline")).json().at("/message/name").asText();
        String before = fake.comments(name).getFirst().get("modified").toString();

        Response updated = http.put("/api/resource/Comment/" + comment, Map.of("content", "<p>Threadline: sent</p>"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().at("/data/content").asText()).isEqualTo("<p>Threadline: sent</p>");
        assertThat(updated.json().at("/data/modified").asText()).isGreaterThan(before);
        assertThat(fake.comments(name)).singleElement().satisfies(c -> assertThat(c).containsEntry("content", "<p>Threadline: sent</p>"));
        assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void withoutSystemManager_aCommentCannotBeUpdated() {
        fake.close();
        fake = ErpNextFake.start(ErpNextOptions.defaults().withRoles("Support Team", "Inbox User"));
        http = new FakeHttp(fake);
        String name = issue(Map.of("subject", "Printer"));
        String comment = http.post("/api/method/frappe.desk.form.utils.add_comment", Map.of("reference_doctype", "Issue",
                "reference_name", name, "content", "x", "comment_email", "t@example.com", "comment_by", "T"))
                .json().at("/message/name").asText();

        assertThat(http.put("/api/resource/Comment/" + comment, Map.of("content", "y")).status()).isEqualTo(403);
    }
}
