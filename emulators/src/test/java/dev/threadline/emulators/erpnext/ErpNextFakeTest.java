package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.emulators.erpnext.FakeHttp.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake against the checklist of erpnext.md §14: authentication, routing, the Issue lifecycle with
 * Frappe's validation order, and the error envelope.
 */
class ErpNextFakeTest {

    private static final Clock MAY_FIRST = Clock.fixed(Instant.parse("2025-05-01T10:00:00.123456Z"), ZoneOffset.UTC);

    private ErpNextFake fake;
    private FakeHttp http;

    private FakeHttp start(ErpNextOptions options) {
        fake = ErpNextFake.start(options);
        http = new FakeHttp(fake);
        return http;
    }

    private FakeHttp start() {
        return start(ErpNextOptions.defaults().withClock(MAY_FIRST, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    // --- erpnext.md §2 authentication ------------------------------------------------------------

    @Test
    void tokenAndBasicAuth_runAsTheKeysUser_withTheSchemeCaseInsensitive() {
        start();
        String basic = "Basic " + Base64.getEncoder().encodeToString("threadline-key:threadline-secret".getBytes(StandardCharsets.UTF_8));
        for (String header : new String[] {"token threadline-key:threadline-secret", "Token threadline-key:threadline-secret", basic}) {
            Response r = http.as(header).get("/api/method/frappe.auth.get_logged_user");
            assertThat(r.status()).as(header).isEqualTo(200);
            assertThat(r.json().toString()).isEqualTo("{\"message\":\"threadline@example.com\"}");
        }
    }

    @Test
    void wrongCredentials_are401AuthenticationError_withoutServerMessages() {
        start();
        for (String header : new String[] {"token threadline-key:wrong", "token nocolon", "Bearer junk"}) {
            Response r = http.as(header).get("/api/method/ping");
            assertThat(r.status()).as(header).isEqualTo(401);
            assertThat(r.json().get("exc_type").asText()).isEqualTo("AuthenticationError");
            assertThat(r.json().get("exception").asText()).isEqualTo("frappe.exceptions.AuthenticationError");
            assertThat(r.json().get("exc").isTextual()).isTrue();
            assertThat(r.json().has("_server_messages")).isFalse();
        }
    }

    @Test
    void basicWithInvalidBase64_is400InvalidAuthorizationToken() {
        start();
        Response r = http.as("Basic %%%").get("/api/method/frappe.auth.get_logged_user");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("InvalidAuthorizationToken");
        assertThat(r.firstMessage()).isEqualTo("Failed to decode token, please provide a valid base64-encoded token.");
    }

    @Test
    void withoutAuthorization_theCallerIsGuest_whoMayOnlyPing() {
        start();
        FakeHttp guest = http.as(null);

        assertThat(guest.get("/api/method/ping").json().toString()).isEqualTo("{\"message\":\"pong\"}");
        assertThat(guest.get("/api/resource/Issue").status()).isEqualTo(403);
        assertThat(guest.post("/api/resource/Issue", Map.of("subject", "x")).status()).isEqualTo(403);
        Response whoAmI = guest.get("/api/method/frappe.auth.get_logged_user");
        assertThat(whoAmI.status()).isEqualTo(403);
        assertThat(whoAmI.json().get("exc_type").asText()).isEqualTo("PermissionError");
        assertThat(fake.issues()).isEmpty();
    }

    // --- erpnext.md §1/§3 routing --------------------------------------------------------------

    @Test
    void resourcePaths_acceptTrailingSlashes_theV1Alias_andUrlEncodedDoctypes() {
        start();
        assertThat(http.get("/api/resource/Issue%20Priority?fields=%5B%22name%22%5D").json().toString())
                .isEqualTo("{\"data\":[{\"name\":\"High\"},{\"name\":\"Medium\"},{\"name\":\"Low\"}]}");
        assertThat(http.get("/api/resource/Issue/").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/resource/Issue").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/method/ping").status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAndDoctypes_are404DoesNotExistError_andUnknownMethods417() {
        start();
        Response route = http.get("/api/nothing/here");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json().toString()).isEqualTo("{\"exc_type\":\"DoesNotExistError\"}");

        Response doctype = http.get("/api/resource/Spaceship");
        assertThat(doctype.status()).isEqualTo(404);
        assertThat(doctype.firstMessage()).isEqualTo("DocType Spaceship not found");

        Response method = http.get("/api/method/frappe.no.such_method");
        assertThat(method.status()).isEqualTo(417);
        assertThat(method.json().get("exc_type").asText()).isEqualTo("ValidationError");
        assertThat(method.firstMessage()).startsWith("Failed to get method for command frappe.no.such_method");
    }

    // --- erpnext.md §3.1 / §14.3 create --------------------------------------------------------

    @Test
    void createIssue_answers200WithTheDocument_namedBySeries_withDefaults_andWithoutNulls() {
        start();
        Response r = http.post("/api/resource/Issue", Map.of("subject", "Printer on fire", "name", "MY-NAME",
                "description", "<p>help</p>", "priority", "High"));

        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json().get("data");
        assertThat(doc.get("name").asText()).isEqualTo("ISS-2025-00001");
        assertThat(doc.get("status").asText()).isEqualTo("Open");
        assertThat(doc.get("opening_date").asText()).isEqualTo("2025-05-01");
        assertThat(doc.get("agreement_status").asText()).isEqualTo("First Response Due");
        assertThat(doc.get("docstatus").asInt()).isZero();
        assertThat(doc.get("idx").asInt()).isZero();
        assertThat(doc.get("doctype").asText()).isEqualTo("Issue");
        assertThat(doc.get("owner").asText()).isEqualTo("threadline@example.com");
        assertThat(doc.get("modified_by").asText()).isEqualTo("threadline@example.com");
        assertThat(doc.get("raised_by").asText()).isEqualTo("threadline@example.com");
        // the fixed clock never moves, so each timestamp is one microsecond after the last (seeding took some)
        assertThat(doc.get("creation").asText()).matches("2025-05-01 10:00:00\\.1234\\d\\d").isEqualTo(doc.get("modified").asText());
        assertThat(doc.has("customer")).as("nulls are omitted in v15").isFalse();
        assertThat(doc.get("via_customer_portal").asInt()).isZero();

        JsonNode second = http.post("/api/resource/Issue", Map.of("subject", "Again")).json().get("data");
        assertThat(second.get("name").asText()).isEqualTo("ISS-2025-00002");
        assertThat(second.get("modified").asText()).as("strictly increasing").isGreaterThan(doc.get("modified").asText());
    }

    @Test
    void timestampsDropZeroMicroseconds_likePythonsStr_andMessagesEscapeNonAsciiLikeJsonDumps() {
        start(ErpNextOptions.defaults().withPriorities()
                .withClock(Clock.fixed(Instant.parse("2025-05-01T10:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC));

        assertThat(http.post("/api/resource/Issue", Map.of("subject", "x")).json().at("/data/creation").asText())
                .isEqualTo("2025-05-01 10:00:00");
        Response r = http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "Ürgent"));
        assertThat(r.json().get("_server_messages").asText()).contains("Priority: \\\\u00dcrgent");
        assertThat(r.firstMessage()).isEqualTo("Could not find Priority: Ürgent");
    }

    @Test
    void v14Mode_keepsNullsOnCreate_answersDeleteWithMessage_andOmitsExcTypeForBareErrors() {
        start(ErpNextOptions.defaults().withVersion(FrappeVersion.V14));
        JsonNode doc = http.post("/api/resource/Issue", Map.of("subject", "x")).json().get("data");
        assertThat(doc.has("customer")).isTrue();
        assertThat(doc.get("customer").isNull()).isTrue();
        assertThat(doc.has("resolution_by")).as("pre-15.54 field names").isTrue();

        assertThat(http.delete("/api/resource/Issue/" + doc.get("name").asText()).json().toString())
                .isEqualTo("{\"message\":\"ok\"}");
        assertThat(http.as("token a:b").get("/api/method/ping").json().has("exc_type")).isFalse();
        assertThat(http.get("/api/v1/resource/Issue").status()).as("no /api/v1 in v14").isEqualTo(404);
    }

    // --- erpnext.md §14.4 validation order ---------------------------------------------------

    @Test
    void unknownPriority_is417LinkValidationError_withDoubleEncodedPythonStyleServerMessages() {
        start();
        Response r = http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "Urgent"));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("LinkValidationError");
        assertThat(r.json().get("exception").asText())
                .isEqualTo("frappe.exceptions.LinkValidationError: Could not find Priority: Urgent");
        assertThat(r.json().get("_server_messages").asText()).startsWith(
                "[\"{\\\"message\\\": \\\"Could not find Priority: Urgent\\\", \\\"title\\\": \\\"Message\\\", "
                        + "\\\"indicator\\\": \\\"red\\\", \\\"raise_exception\\\": 1, \\\"__frappe_exc_id\\\": \\\"");
        assertThat(r.serverMessages()).hasSize(1);
        assertThat(fake.issues()).isEmpty();
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "x")).json().at("/data/name").asText())
                .as("a failed insert consumes no series number").isEqualTo("ISS-2025-00001");
    }

    @Test
    void linksAreCheckedFirst_allInOneMessage_caseInsensitively_storingTheSitesSpelling() {
        start(ErpNextOptions.defaults().withIssueTypes("Bug"));
        Response both = http.post("/api/resource/Issue", Map.of("priority", "Urgent", "issue_type", "Question",
                "raised_by", "not an email"));
        assertThat(both.status()).isEqualTo(417);
        assertThat(both.firstMessage()).isEqualTo("Could not find Priority: Urgent, Issue Type: Question");

        JsonNode doc = http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "high", "issue_type", "BUG"))
                .json().get("data");
        assertThat(doc.get("priority").asText()).isEqualTo("High");
        assertThat(doc.get("issue_type").asText()).isEqualTo("Bug");
    }

    @Test
    void missingSubject_is417MandatoryError_reportedBeforeTheEmailCheck() {
        start();
        Response r = http.post("/api/resource/Issue", Map.of("raised_by", "+31612345678"));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("MandatoryError");
        assertThat(r.json().get("exception").asText())
                .isEqualTo("frappe.exceptions.MandatoryError: [Issue, ISS-2025-00001]: subject");
        JsonNode message = r.serverMessages().getFirst();
        assertThat(message.get("message").asText()).isEqualTo("Error: Value missing for Issue: Subject");
        assertThat(message.has("indicator")).isFalse();
    }

    @Test
    void aPhoneNumberAsRaisedBy_is417InvalidEmailAddressError() {
        start();
        Response r = http.post("/api/resource/Issue", Map.of("subject", "x", "raised_by", "+31612345678"));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("InvalidEmailAddressError");
        assertThat(r.firstMessage()).isEqualTo("+31612345678 is not a valid Email Address");
    }

    @Test
    void anUnknownStatus_is417ValidationError_withFrappesExactMessage() {
        start();
        Response r = http.post("/api/resource/Issue", Map.of("subject", "x", "status", "Foo"));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("ValidationError");
        assertThat(r.firstMessage()).isEqualTo(
                " Status cannot be \"Foo\". It should be one of \"Open\", \"Replied\", \"On Hold\", \"Resolved\", \"Closed\"");
    }

    @Test
    void aSubjectOver140Characters_is417CharacterLengthExceededError() {
        start();
        Response r = http.post("/api/resource/Issue", Map.of("subject", "s".repeat(141)));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("CharacterLengthExceededError");
        assertThat(r.serverMessages().getFirst().get("title").asText()).isEqualTo("Value too big");
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "s".repeat(140))).status()).isEqualTo(200);
    }

    @Test
    void customFields_areDroppedSilentlyOnABareSite_andStoredOnASetUpSite() {
        start();
        JsonNode bare = http.post("/api/resource/Issue", Map.of("subject", "x", "custom_idempotency_key", "k1",
                "no_such_field", "y")).json().get("data");
        assertThat(bare.has("custom_idempotency_key")).isFalse();
        assertThat(bare.has("no_such_field")).isFalse();
        fake.close();

        start(ErpNextOptions.defaults().withThreadlineFields());
        JsonNode setUp = http.post("/api/resource/Issue", Map.of("subject", "x", "custom_idempotency_key", "k1",
                "custom_needs_triage", true)).json().get("data");
        assertThat(setUp.get("custom_idempotency_key").asText()).isEqualTo("k1");
        assertThat(setUp.get("custom_needs_triage").asInt()).isEqualTo(1);
    }

    @Test
    void aDuplicateIdempotencyKey_is417UniqueValidationError_caseInsensitively_andCreatesNothing() {
        start(ErpNextOptions.defaults().withThreadlineFields());
        http.post("/api/resource/Issue", Map.of("subject", "x", "custom_idempotency_key", "wa:abc"));

        Response r = http.post("/api/resource/Issue", Map.of("subject", "y", "custom_idempotency_key", "WA:ABC"));

        assertThat(r.status()).isEqualTo(417);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("UniqueValidationError");
        assertThat(r.serverMessages().getFirst().toString())
                .isEqualTo("{\"message\":\"Idempotency Key must be unique\",\"title\":\"Message\"}");
        assertThat(r.json().get("exception").asText()).contains("Duplicate entry 'WA:ABC' for key 'custom_idempotency_key'");
        assertThat(fake.issues()).hasSize(1);
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "z", "custom_idempotency_key", " ")).status())
                .as("blank keys are NULL and never clash").isEqualTo(200);
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "z")).json().at("/data/name").asText())
                .isEqualTo("ISS-" + java.time.Year.now(ZoneOffset.UTC) + "-00003");
    }

    // --- erpnext.md §3.2, §3.4, §3.5, §11 read, update, delete -------------------------------

    @Test
    void readOne_answersTheDocument_or404WithoutTraceback() {
        start();
        http.post("/api/resource/Issue", Map.of("subject", "x"));

        assertThat(http.get("/api/resource/Issue/ISS-2025-00001").json().at("/data/subject").asText()).isEqualTo("x");
        Response missing = http.get("/api/resource/Issue/ISS-2025-00099");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("exc_type").asText()).isEqualTo("DoesNotExistError");
        assertThat(missing.firstMessage()).isEqualTo("Issue ISS-2025-00099 not found");
        assertThat(missing.json().has("exception")).isFalse();
    }

    @Test
    void put_updatesPartially_bumpsModified_andChecksModifiedOnlyWhenSent() {
        start(ErpNextOptions.defaults());
        JsonNode created = http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "Low")).json().get("data");
        String path = "/api/resource/Issue/" + created.get("name").asText();
        String original = created.get("modified").asText();

        JsonNode updated = http.put(path, Map.of("status", "Resolved")).json().get("data");
        assertThat(updated.get("status").asText()).isEqualTo("Resolved");
        assertThat(updated.get("priority").asText()).isEqualTo("Low");
        assertThat(updated.get("modified").asText()).isGreaterThan(original);
        assertThat(updated.get("creation").asText()).isEqualTo(created.get("creation").asText());

        Response stale = http.put(path, Map.of("status", "Closed", "modified", original));
        assertThat(stale.status()).isEqualTo(417);
        assertThat(stale.json().get("exc_type").asText()).isEqualTo("TimestampMismatchError");
        assertThat(stale.firstMessage()).startsWith("Error: Document has been modified after you have opened it ("
                + updated.get("modified").asText() + ", " + original + ")");
        assertThat(http.put(path, Map.of("status", "Closed", "modified", updated.get("modified").asText())).status())
                .isEqualTo(200);
        assertThat(http.put(path, Map.of("status", "Bogus")).status()).isEqualTo(417);
        assertThat(fake.issue(created.get("name").asText()).orElseThrow()).containsEntry("status", "Closed");
    }

    @Test
    void delete_answers202DataOk_thenTheIssueIsGone() {
        start();
        http.post("/api/resource/Issue", Map.of("subject", "x"));

        Response deleted = http.delete("/api/resource/Issue/ISS-2025-00001");
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.json().toString()).isEqualTo("{\"data\":\"ok\"}");
        assertThat(http.get("/api/resource/Issue/ISS-2025-00001").status()).isEqualTo(404);
        assertThat(http.delete("/api/resource/Issue/ISS-2025-00001").status()).isEqualTo(404);
    }

    // --- erpnext.md §5 error envelope knobs -----------------------------------------------------

    @Test
    void withoutTracebacks_errorsCarryNoExceptionOrExc_andHtmlClientsGetAPage() {
        start(ErpNextOptions.defaults().withoutTracebacks());
        Response r = http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "Nope"));
        assertThat(r.json().has("exception")).isFalse();
        assertThat(r.json().has("exc")).isFalse();
        assertThat(r.json().get("exc_type").asText()).isEqualTo("LinkValidationError");

        Response html = http.send("GET", "/api/resource/Issue/ISS-1", null, Map.of("Accept", "text/html"),
                java.time.Duration.ofSeconds(5));
        assertThat(html.status()).isEqualTo(404);
        assertThat(html.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void invalidJsonBodies_are500JsonDecodeError() {
        start();
        Response r = http.post("/api/resource/Issue", "{not json");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("JSONDecodeError");
        assertThat(fake.issues()).isEmpty();
    }
}
