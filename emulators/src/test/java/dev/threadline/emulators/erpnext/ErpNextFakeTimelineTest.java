package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.emulators.erpnext.FakeHttp.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Communications, Comments (erpnext.md §8, §3.8), Custom Fields (erpnext.md §9) and the Issue Priority /
 * Issue Type link targets (erpnext.md §7.4).
 */
class ErpNextFakeTimelineTest {

    private ErpNextFake fake;
    private FakeHttp http;

    private void start(ErpNextOptions options) {
        fake = ErpNextFake.start(options);
        http = new FakeHttp(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private String newIssue() {
        return http.post("/api/resource/Issue", Map.of("subject", "x")).json().at("/data/name").asText();
    }

    private static Map<String, Object> received(String issue, String messageId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("communication_type", "Communication");
        c.put("communication_medium", "Chat");
        c.put("sent_or_received", "Received");
        c.put("reference_doctype", "Issue");
        c.put("reference_name", issue);
        c.put("subject", "WhatsApp message");
        c.put("content", "<p>still broken</p>");
        c.put("message_id", messageId);
        c.put("phone_no", "31612345678");
        return c;
    }

    // --- erpnext.md §8.2 Communication -----------------------------------------------------------

    @Test
    void aReceivedCommunication_isLinked_andReopensAResolvedIssue_bumpingModified() {
        start(ErpNextOptions.defaults());
        String issue = newIssue();
        fake.setIssueStatus(issue, "Resolved");
        String before = (String) fake.issue(issue).orElseThrow().get("modified");

        Response r = http.post("/api/resource/Communication", received(issue, "wamid.1"));

        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json().get("data");
        assertThat(doc.get("status").asText()).isEqualTo("Linked");
        assertThat(doc.get("name").asText()).matches("[0-9a-f]{10}");
        assertThat(doc.get("communication_date").asText()).isNotBlank();
        Map<String, Object> reopened = fake.issue(issue).orElseThrow();
        assertThat(reopened).containsEntry("status", "Open");
        assertThat((String) reopened.get("modified")).isGreaterThan(before);
        assertThat(fake.communications(issue)).singleElement().satisfies(c -> assertThat(c).containsEntry("message_id", "wamid.1"));
    }

    @Test
    void aSentCommunication_leavesTheIssueStatusAlone() {
        start(ErpNextOptions.defaults());
        String issue = newIssue();
        fake.setIssueStatus(issue, "Resolved");
        Map<String, Object> sent = received(issue, "m-2");
        sent.put("sent_or_received", "Sent");

        assertThat(http.post("/api/resource/Communication", sent).status()).isEqualTo(200);
        assertThat(fake.issue(issue).orElseThrow()).containsEntry("status", "Resolved");
    }

    @Test
    void communications_needInboxUserOrSystemManager_toBeCreated() {
        start(ErpNextOptions.defaults().withRoles("Support Team"));
        String issue = newIssue();

        Response r = http.post("/api/resource/Communication", received(issue, "m-1"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("exc_type").asText()).isEqualTo("PermissionError");
        assertThat(r.json().get("_error_message").asText()).contains("'create' permission").contains("Communication");
        assertThat(fake.communications(issue)).isEmpty();
    }

    @Test
    void aCommunicationOnAMissingIssue_is417LinkValidationError_andASenderMustBeAnEmail() {
        start(ErpNextOptions.defaults());
        Response missing = http.post("/api/resource/Communication", received("ISS-2000-00001", "m"));
        assertThat(missing.status()).isEqualTo(417);
        assertThat(missing.firstMessage()).isEqualTo("Could not find Reference Name: ISS-2000-00001");

        Map<String, Object> withSender = received(newIssue(), "m");
        withSender.put("sender", "31612345678");
        Response sender = http.post("/api/resource/Communication", withSender);
        assertThat(sender.status()).isEqualTo(417);
        assertThat(sender.json().get("exc_type").asText()).isEqualTo("InvalidEmailAddressError");
    }

    @Test
    void communications_canBeFoundByMessageId() {
        start(ErpNextOptions.defaults());
        String issue = newIssue();
        http.post("/api/resource/Communication", received(issue, "wamid.A"));
        http.post("/api/resource/Communication", received(issue, "wamid.B"));
        String filters = "[[\"reference_doctype\",\"=\",\"Issue\"],[\"reference_name\",\"=\",\"" + issue
                + "\"],[\"message_id\",\"=\",\"wamid.B\"]]";

        Response r = http.get("/api/resource/Communication?fields=" + FakeHttp.q("[\"name\",\"message_id\"]")
                + "&filters=" + FakeHttp.q(filters));

        assertThat(r.json().get("data")).hasSize(1);
        assertThat(r.json().at("/data/0/message_id").asText()).isEqualTo("wamid.B");
    }

    // --- erpnext.md §3.8 add_comment -------------------------------------------------------------

    @Test
    void addComment_insertsAComment_withoutTouchingTheIssuesModified() {
        start(ErpNextOptions.defaults());
        String issue = newIssue();
        Object before = fake.issue(issue).orElseThrow().get("modified");
        Map<String, Object> args = Map.of("reference_doctype", "Issue", "reference_name", issue, "content", "<p>hi</p>",
                "comment_email", "bridge@example.com", "comment_by", "WhatsApp bridge");

        Response r = http.post("/api/method/frappe.desk.form.utils.add_comment", args);

        assertThat(r.status()).isEqualTo(200);
        JsonNode comment = r.json().get("message");
        assertThat(comment.get("comment_type").asText()).isEqualTo("Comment");
        assertThat(comment.get("reference_name").asText()).isEqualTo(issue);
        assertThat(comment.get("comment_by").asText()).isEqualTo("WhatsApp bridge");
        assertThat(comment.has("ip_address")).as("as_dict keeps nulls").isTrue();
        assertThat(fake.issue(issue).orElseThrow().get("modified")).isEqualTo(before);
        assertThat(fake.comments(issue)).hasSize(1);
    }

    @Test
    void addComment_isPostOrPutOnly_needsAllFiveArguments_andAnExistingReference() {
        start(ErpNextOptions.defaults());
        String issue = newIssue();
        String path = "/api/method/frappe.desk.form.utils.add_comment";

        assertThat(http.get(path + "?reference_doctype=Issue").status()).isEqualTo(403);
        Response missing = http.post(path, Map.of("reference_doctype", "Issue", "reference_name", issue, "content", "c",
                "comment_email", "a@example.com"));
        assertThat(missing.status()).isEqualTo(500);
        assertThat(missing.json().get("exc_type").asText()).isEqualTo("TypeError");
        assertThat(missing.json().get("exception").asText())
                .isEqualTo("TypeError: add_comment() missing 1 required positional argument: 'comment_by'");
        Response gone = http.post(path, Map.of("reference_doctype", "Issue", "reference_name", "ISS-1999-00001",
                "content", "c", "comment_email", "a@example.com", "comment_by", "b"));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(fake.comments(issue)).isEmpty();
    }

    // --- erpnext.md §9 Custom Field --------------------------------------------------------------

    @Test
    void customFields_areNamedDoctypeDashFieldname_andADuplicateIs417() {
        start(ErpNextOptions.defaults());
        Map<String, Object> field = Map.of("dt", "Issue", "fieldname", "custom_idempotency_key", "label", "Idempotency Key",
                "fieldtype", "Data", "unique", 1, "no_copy", 1, "read_only", 1);

        Response created = http.post("/api/resource/Custom%20Field", field);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().at("/data/name").asText()).isEqualTo("Issue-custom_idempotency_key");
        assertThat(http.get("/api/resource/Custom%20Field/Issue-custom_idempotency_key").status()).isEqualTo(200);

        Response again = http.post("/api/resource/Custom%20Field", field);
        assertThat(again.status()).isEqualTo(417);
        assertThat(again.json().get("exc_type").asText()).isEqualTo("ValidationError");
        assertThat(again.firstMessage())
                .isEqualTo("A field with the name <strong>custom_idempotency_key</strong> already exists in Issue");

        http.post("/api/resource/Issue", Map.of("subject", "a", "custom_idempotency_key", "k"));
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "b", "custom_idempotency_key", "k")).status())
                .as("the new unique field is enforced").isEqualTo(417);
    }

    @Test
    void aFieldnameIsDerivedFromTheLabel_andUniqueIsRefusedForACheck() {
        start(ErpNextOptions.defaults());
        Response derived = http.post("/api/resource/Custom%20Field", Map.of("dt", "Issue", "label", "Order Ref #", "fieldtype", "Data"));
        assertThat(derived.json().at("/data/fieldname").asText()).isEqualTo("custom_order_ref_");
        assertThat(http.post("/api/resource/Custom%20Field", Map.of("dt", "Issue", "fieldname", "Name", "fieldtype", "Data"))
                .json().at("/data/name").asText()).as("restricted names get a 1").isEqualTo("Issue-name1");

        Response check = http.post("/api/resource/Custom%20Field", Map.of("dt", "Issue", "fieldname", "custom_flag",
                "label", "Flag", "fieldtype", "Check", "unique", 1));
        assertThat(check.status()).isEqualTo(417);
        assertThat(http.post("/api/resource/Custom%20Field", Map.of("dt", "Issue", "fieldname", "subject", "fieldtype", "Data"))
                .status()).as("standard fields are taken").isEqualTo(417);
    }

    @Test
    void customFields_needSystemManager() {
        start(ErpNextOptions.defaults().withRoles("Support Team", "Inbox User"));

        Response r = http.post("/api/resource/Custom%20Field", Map.of("dt", "Issue", "fieldname", "custom_x", "fieldtype", "Data"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(fake.documents("Custom Field")).isEmpty();
    }

    // --- erpnext.md §7.4 Issue Priority / Issue Type --------------------------------------------

    @Test
    void issueTypes_areCreatedByName_aDuplicateIs409_andThenIssuesMayUseThem() {
        start(ErpNextOptions.defaults());
        assertThat(http.post("/api/resource/Issue%20Type", Map.of("name", "Billing")).status()).isEqualTo(200);

        Response duplicate = http.post("/api/resource/Issue%20Type", Map.of("name", "Billing"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("exc_type").asText()).isEqualTo("DuplicateEntryError");
        assertThat(duplicate.serverMessages().getFirst().get("title").asText()).isEqualTo("Duplicate Name");

        assertThat(http.post("/api/resource/Issue", Map.of("subject", "x", "issue_type", "Billing")).status()).isEqualTo(200);
        assertThat(fake.documents("Issue Type")).extracting(d -> d.get("name")).containsExactly("Billing");
    }

    @Test
    void priorities_areSeededFromOptions() {
        start(ErpNextOptions.defaults().withPriorities("Laag", "Hoog"));

        assertThat(fake.documents("Issue Priority")).extracting(d -> d.get("name")).containsExactly("Laag", "Hoog");
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "High")).status()).isEqualTo(417);
        assertThat(http.post("/api/resource/Issue%20Priority", Map.of("name", "Urgent")).status()).isEqualTo(200);
        assertThat(List.of(http.post("/api/resource/Issue", Map.of("subject", "x", "priority", "Urgent")).status()))
                .containsExactly(200);
    }
}
