package dev.threadline.ticket.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import dev.threadline.adapter.erpnext.ErpNextSetup.Report;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.erpnext.WebhookRequestLog;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code setup-erpnext} logic against the ERPNext fake. */
class ErpNextSetupIT {

    private static final String CUSTOM_FIELD = "/api/resource/Custom Field";

    private ErpNextFixture fixture;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Report run(ErpNextFixture f, boolean createIssueTypes, List<String> issueTypes) {
        fixture = f;
        printed.reset();
        return f.bean(ErpNextSetup.class).run(createIssueTypes, issueTypes, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onABareSite_createsTheFourFields_andASecondRunChangesNothing() {
        ErpNextFixture f = ErpNextFixture.start(ErpNextOptions.defaults());

        Report first = run(f, false, List.of());

        assertThat(first.ok()).as(output()).isTrue();
        assertThat(first.user()).isEqualTo("threadline@example.com");
        assertThat(first.fieldsCreated()).containsExactly("custom_idempotency_key", "custom_customer_key",
                "custom_whatsapp_number", "custom_needs_triage");
        assertThat(output()).contains("connected as threadline@example.com").contains("custom_idempotency_key: created (unique)");
        Map<String, Object> key = f.fake.documents("Custom Field").stream()
                .filter(d -> d.get("name").equals("Issue-custom_idempotency_key")).findFirst().orElseThrow();
        assertThat(key).containsEntry("unique", 1).containsEntry("no_copy", 1).containsEntry("read_only", 1)
                .containsEntry("label", "Idempotency Key").containsEntry("fieldtype", "Data");
        assertThat(f.fake.documents("Custom Field")).filteredOn(d -> d.get("fieldname").equals("custom_needs_triage"))
                .singleElement().satisfies(d -> assertThat(d).containsEntry("fieldtype", "Check"));

        Report second = run(f, false, List.of());

        assertThat(second.ok()).isTrue();
        assertThat(second.fieldsCreated()).isEmpty();
        assertThat(second.fieldsPresent()).hasSize(4);
        assertThat(f.fake.requestCount("POST", CUSTOM_FIELD)).isEqualTo(4);
        assertThat(output()).contains("custom_idempotency_key: already present");
    }

    @Test
    void warnsAboutPriorityMapTargetsTheSiteLacks() {
        Report report = run(ErpNextFixture.start(ErpNextOptions.defaults().withThreadlineFields()
                .withPriorities("Low", "Medium")), false, List.of());

        assertThat(report.sitePriorities()).containsExactlyInAnyOrder("Low", "Medium");
        assertThat(report.missingPriorities()).containsExactly("High");
        assertThat(report.warnings()).singleElement().asString().contains("High, Critical, Urgent").contains("'High'");
        assertThat(report.ok()).as("a missing priority degrades tickets but does not block them").isTrue();
    }

    @Test
    void createsMissingIssueTypes_onlyWhenAsked_matchingCaseInsensitively() {
        ErpNextOptions site = ErpNextOptions.defaults().withThreadlineFields().withIssueTypes("billing");

        Report listed = run(ErpNextFixture.start(site), false, List.of("Billing", "Delivery"));
        assertThat(listed.issueTypesMissing()).containsExactly("Delivery");
        assertThat(fixture.fake.documents("Issue Type")).hasSize(1);
        fixture.close();

        Report created = run(ErpNextFixture.start(site), true, List.of("Billing", "Delivery"));
        assertThat(created.issueTypesCreated()).containsExactly("Delivery");
        assertThat(fixture.fake.documents("Issue Type")).extracting(d -> d.get("name")).containsExactly("billing", "Delivery");
    }

    @Test
    void wrongCredentials_stopTheSetup_withAReadableProblem() {
        Report report = run(ErpNextFixture.start(ErpNextOptions.defaults(),
                Map.of("threadline.erpnext.api-key", "someone-else")), false, List.of());

        assertThat(report.ok()).isFalse();
        assertThat(report.user()).isNull();
        assertThat(report.problems()).singleElement().asString().contains("HTTP 401 AuthenticationError");
        assertThat(output()).contains("Credentials: FAILED").contains("Stopped");
        assertThat(fixture.fake.documents("Custom Field")).isEmpty();
    }

    @Test
    void withoutSystemManager_theFieldsCannotBeCreated_andTheReportSaysSo() {
        Report report = run(ErpNextFixture.start(ErpNextOptions.defaults().withRoles("Support Team", "Inbox User")),
                false, List.of());

        assertThat(report.ok()).isFalse();
        assertThat(report.fieldsCreated()).isEmpty();
        assertThat(report.problems()).hasSize(4).allSatisfy(p -> assertThat(p).contains("HTTP 403 PermissionError"));
    }

    @Test
    void anIdempotencyKeyFieldWithoutUnique_isReportedAsAProblem() throws Exception {
        ErpNextFixture f = ErpNextFixture.start(ErpNextOptions.defaults());
        String body = "{\"dt\":\"Issue\",\"fieldname\":\"custom_idempotency_key\",\"label\":\"Idempotency Key\",\"fieldtype\":\"Data\"}";
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(f.fake.baseUrl() + "/api/resource/Custom%20Field"))
                .header("Authorization", "token threadline-key:threadline-secret")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);

        Report report = run(f, false, List.of());

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).singleElement().asString().contains("custom_idempotency_key exists but is not unique");
        assertThat(report.fieldsCreated()).hasSize(3);
    }

    // --- Threadline's Webhooks (erpnext.md §10.5) -----------------------------------------------------

    /** A public URL nothing listens on: deliveries fail at once, but the fake logs what it would have sent. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    private Report runWebhookSetup(ErpNextFake fake, String publicUrl, String secret, boolean rotate) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.erpnext.url", fake.baseUrl());
        properties.put("threadline.erpnext.api-key", fake.options().apiKey());
        properties.put("threadline.erpnext.api-secret", fake.options().apiSecret());
        properties.put("threadline.public-url", publicUrl);
        properties.put("threadline.erpnext.webhook.secret", secret);
        printed.reset();
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
            return context.getBean(ErpNextSetup.class).run(false, List.of(), rotate,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
    }

    private static ErpNextFake webhookSite() {
        return ErpNextFake.start(ErpNextOptions.defaults().withWebhookPause(d -> { }));
    }

    @Test
    void createsThreadlinesTwoWebhooks_signedAndFormShaped_andASecondRunChangesNothing() {
        try (ErpNextFake fake = webhookSite()) {
            Report first = runWebhookSetup(fake, "https://threadline.example/", "test-frappe-secret", false);

            assertThat(first.ok()).as(output()).isTrue();
            assertThat(first.webhooks()).containsExactly("Comment after_insert: created", "Issue on_change: created");
            List<Map<String, Object>> hooks = fake.documents("Webhook");
            assertThat(hooks).hasSize(2).allSatisfy(h -> assertThat(h)
                    .containsEntry("request_url", "https://threadline.example/webhooks/erpnext")
                    .containsEntry("enable_security", 1).containsEntry("request_structure", "Form URL-Encoded")
                    .containsEntry("timeout", 5).containsEntry("webhook_secret", "*".repeat(18)));
            assertThat(hooks.getFirst()).containsEntry("webhook_doctype", "Comment").containsEntry("webhook_docevent", "after_insert")
                    .containsEntry("condition", "doc.reference_doctype == \"Issue\" and doc.comment_type == \"Comment\""
                            + " and doc.comment_by != \"Threadline\"");
            assertThat(hooks.get(1)).containsEntry("webhook_doctype", "Issue").containsEntry("webhook_docevent", "on_change");
            assertThat(hooks.get(1).get("webhook_data").toString()).contains("resolution_details");
            assertThat(output()).contains("Webhook Comment after_insert: created");

            Report second = runWebhookSetup(fake, "https://threadline.example", "test-frappe-secret", false);

            assertThat(second.webhooks()).containsExactly("Comment after_insert: already present (HOOK-0001)",
                    "Issue on_change: already present (HOOK-0002)");
            assertThat(fake.requestCount("POST", "/api/resource/Webhook")).isEqualTo(2);
            assertThat(fake.requestCount("PUT", "/api/resource/Webhook")).isZero();
        }
    }

    @Test
    void aChangedPublicUrl_updatesBothWebhooksInPlace() {
        try (ErpNextFake fake = webhookSite()) {
            runWebhookSetup(fake, "https://old.example", "test-frappe-secret", false);

            Report moved = runWebhookSetup(fake, "https://new.example", "test-frappe-secret", false);

            assertThat(moved.webhooks()).containsExactly("Comment after_insert: updated HOOK-0001 (request_url)",
                    "Issue on_change: updated HOOK-0002 (request_url)");
            assertThat(fake.documents("Webhook")).hasSize(2).allSatisfy(h -> assertThat(h)
                    .containsEntry("request_url", "https://new.example/webhooks/erpnext"));
        }
    }

    @Test
    void rotation_writesOneNewRandomSecretIntoEveryWebhook_andPrintsItOnce() throws Exception {
        try (ErpNextFake fake = webhookSite()) {
            runWebhookSetup(fake, NOWHERE, "test-frappe-secret", false);
            Report rotated = runWebhookSetup(fake, NOWHERE, "test-frappe-secret", true);
            String secret = rotated.newWebhookSecret();
            assertThat(secret).matches("[A-Za-z0-9_-]{43}");
            assertThat(rotated.webhooks()).hasSize(2).allSatisfy(line -> assertThat(line).contains("with the new secret"));
            assertThat(output()).containsOnlyOnce(secret).contains("FRAPPE_WEBHOOK_SECRET").contains("new,old");

            // The site now signs with the new secret: an Issue change is sent (and fails, nobody listens) signed with it.
            String issue = newIssue(fake);
            fake.setIssueStatus(issue, "Closed");
            assertThat(fake.webhooks().awaitIdle(Duration.ofSeconds(10))).isTrue();
            WebhookRequestLog sent = fake.webhooks().log().getLast();
            assertThat(sent.referenceDocument()).isEqualTo(issue);
            assertThat(sent.headers().get("X-Frappe-Webhook-Signature")).isEqualTo(hmac(secret, sent.data()));
        }
    }

    @Test
    void withoutAPublicUrl_theWebhooksAreSkipped_withOneLineSayingWhy() {
        try (ErpNextFake fake = webhookSite()) {
            Report report = runWebhookSetup(fake, "", "test-frappe-secret", false);

            assertThat(report.ok()).isTrue();
            assertThat(report.webhooks()).isEmpty();
            assertThat(output()).containsOnlyOnce("Webhooks: skipped, THREADLINE_PUBLIC_URL is not set");
            assertThat(fake.documents("Webhook")).isEmpty();
        }
    }

    private static String newIssue(ErpNextFake fake) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fake.baseUrl() + "/api/resource/Issue"))
                .header("Authorization", "token threadline-key:threadline-secret")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        return created.body().replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
