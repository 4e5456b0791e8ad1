package dev.threadline.ticket.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import dev.threadline.adapter.erpnext.ErpNextSetup.Report;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
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
}
