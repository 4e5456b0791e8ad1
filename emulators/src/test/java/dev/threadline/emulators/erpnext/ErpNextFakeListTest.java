package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.FakeHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.emulators.erpnext.FakeHttp.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/resource/Issue} and {@code frappe.client.get_count} (erpnext.md §3.3, §14.6). */
class ErpNextFakeListTest {

    private ErpNextFake fake;
    private FakeHttp http;

    @BeforeEach
    void start() {
        fake = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        http = new FakeHttp(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** Issues ISS-…-00001.. with these statuses and priorities; 00001 has key k1 and so on. */
    private void issues(String... statusAndPriority) {
        int n = 1;
        for (String sp : statusAndPriority) {
            String[] parts = sp.split("/");
            String name = http.post("/api/resource/Issue", Map.of("subject", "Issue " + n, "priority", parts[1],
                    "custom_idempotency_key", "k" + n)).json().at("/data/name").asText();
            if (!parts[0].equals("Open")) {
                fake.setIssueStatus(name, parts[0]);
            }
            n++;
        }
    }

    private List<String> subjects(String query) {
        Response r = http.get("/api/resource/Issue?fields=" + q("[\"subject\"]") + "&" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("data").forEach(row -> out.add(row.get("subject").asText()));
        return out;
    }

    @Test
    void byDefault_onlyNames_newestModifiedFirst_20PerPage() {
        for (int i = 0; i < 25; i++) {
            http.post("/api/resource/Issue", Map.of("subject", "s" + i));
        }
        JsonNode data = http.get("/api/resource/Issue").json().get("data");

        assertThat(data).hasSize(20);
        assertThat(data.get(0).toString()).matches("\\{\"name\":\"ISS-\\d{4}-00025\"}");
        assertThat(http.get("/api/resource/Issue?limit_page_length=0").json().get("data")).hasSize(25);
        assertThat(http.get("/api/resource/Issue?limit=5").json().get("data")).hasSize(5);
        assertThat(http.get("/api/resource/Issue?limit=0").json().get("data")).as("a falsy limit means 20").hasSize(20);
        assertThat(http.get("/api/resource/Issue?limit_start=20&limit_page_length=10").json().get("data")).hasSize(5);
    }

    @Test
    void filters_asListsOrAnObject_withEveryOperator() {
        issues("Open/Low", "Replied/Medium", "Closed/High", "Open/High");
        String ordered = "order_by=" + q("creation asc");

        assertThat(subjects(ordered + "&filters=" + q("[[\"status\",\"=\",\"Open\"]]"))).containsExactly("Issue 1", "Issue 4");
        assertThat(subjects(ordered + "&filters=" + q("[[\"Issue\",\"status\",\"!=\",\"Open\"]]"))).containsExactly("Issue 2", "Issue 3");
        assertThat(subjects(ordered + "&filters=" + q("{\"status\":\"open\",\"priority\":[\"in\",[\"High\",\"Medium\"]]}")))
                .containsExactly("Issue 4");
        assertThat(subjects(ordered + "&filters=" + q("[[\"priority\",\"not in\",\"High,Medium\"]]"))).containsExactly("Issue 1");
        assertThat(subjects(ordered + "&filters=" + q("[[\"subject\",\"like\",\"%ue 3\"]]"))).containsExactly("Issue 3");
        assertThat(subjects(ordered + "&filters=" + q("[[\"custom_idempotency_key\",\">=\",\"k3\"]]")))
                .containsExactly("Issue 3", "Issue 4");
        assertThat(subjects(ordered + "&filters=" + q("[[\"custom_idempotency_key\",\"<\",\"k2\"]]"))).containsExactly("Issue 1");
        assertThat(subjects(ordered + "&filters=" + q("[[\"issue_type\",\"is\",\"not set\"]]"))).hasSize(4);
        assertThat(subjects(ordered + "&filters=" + q("[[\"priority\",\"is\",\"set\"]]"))).hasSize(4);
        assertThat(subjects(ordered + "&or_filters=" + q("[[\"status\",\"=\",\"Closed\"],[\"priority\",\"=\",\"Low\"]]")))
                .containsExactly("Issue 1", "Issue 3");
    }

    @Test
    void orderBy_andAllFields() {
        issues("Open/Low", "Open/High", "Open/Medium");

        assertThat(subjects("order_by=" + q("subject desc"))).containsExactly("Issue 3", "Issue 2", "Issue 1");
        assertThat(subjects("order_by=" + q("`tabIssue`.`creation` asc"))).containsExactly("Issue 1", "Issue 2", "Issue 3");
        JsonNode all = http.get("/api/resource/Issue?fields=" + q("[\"*\"]") + "&limit_page_length=1").json().at("/data/0");
        assertThat(all.has("custom_idempotency_key")).isTrue();
        assertThat(all.has("customer")).as("list rows keep nulls").isTrue();
    }

    @Test
    void invalidJson_is500JsonDecodeError_andUnknownFields_are417DataError() {
        Response bare = http.get("/api/resource/Issue?fields=name,subject");
        assertThat(bare.status()).isEqualTo(500);
        assertThat(bare.json().get("exc_type").asText()).isEqualTo("JSONDecodeError");

        Response field = http.get("/api/resource/Issue?fields=" + q("[\"name\",\"colour\"]"));
        assertThat(field.status()).isEqualTo(417);
        assertThat(field.json().get("exc_type").asText()).isEqualTo("DataError");
        assertThat(field.firstMessage()).isEqualTo("Field not permitted in query: colour");

        Response filter = http.get("/api/resource/Issue?filters=" + q("[[\"colour\",\"=\",\"red\"]]"));
        assertThat(filter.status()).isEqualTo(417);
        assertThat(filter.firstMessage()).isEqualTo("Field not permitted in query: colour");

        Response operator = http.get("/api/resource/Issue?filters=" + q("[[\"status\",\"~\",\"x\"]]"));
        assertThat(operator.status()).isEqualTo(417);
        assertThat(operator.firstMessage()).startsWith("Operator must be one of");
    }

    @Test
    void getCount_countsWhatTheFiltersMatch_fromTheQueryOrAJsonBody() {
        issues("Open/Low", "Closed/High", "Open/High");

        assertThat(http.get("/api/method/frappe.client.get_count?doctype=Issue").json().toString()).isEqualTo("{\"message\":3}");
        assertThat(http.get("/api/method/frappe.client.get_count?doctype=Issue&filters=" + q("{\"status\":\"Open\"}"))
                .json().get("message").asInt()).isEqualTo(2);
        assertThat(http.post("/api/method/frappe.client.get_count", Map.of("doctype", "Issue",
                "filters", List.of(List.of("priority", "=", "High")))).json().get("message").asInt()).isEqualTo(2);
        assertThat(http.get("/api/method/frappe.client.get_count").status()).as("doctype is required").isEqualTo(500);
    }

    /**
     * The helpdesk poll's queries (erpnext.md §3.3, §10.6): agents' Comments in {@code modified asc,
     * name asc} order, and paging after a (modified, name) position with {@code =}, {@code >} on both.
     */
    @Test
    void comments_inModifiedThenNameOrder_pagedAfterAPosition() {
        String issue = http.post("/api/resource/Issue", Map.of("subject", "s")).json().at("/data/name").asText();
        for (int i = 0; i < 5; i++) {
            fake.comment(issue, "note " + i, false);
        }
        fake.comment(issue, "reply " + 5, true);
        String fields = "fields=" + q("[\"name\",\"modified\",\"reference_name\",\"content\"]");
        String base = "[\"reference_doctype\",\"=\",\"Issue\"],[\"comment_type\",\"=\",\"Comment\"]";

        JsonNode all = http.get("/api/resource/Comment?" + fields + "&filters=" + q("[" + base + "]")
                + "&order_by=" + q("modified asc, name asc") + "&limit_page_length=100").json().get("data");
        List<String> listed = new ArrayList<>();
        List<String> sorted = new ArrayList<>();
        all.forEach(row -> listed.add(row.get("modified").asText() + " " + row.get("name").asText()));
        sorted.addAll(listed);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertThat(listed).hasSize(6).containsExactlyElementsOf(sorted);
        assertThat(all.get(5).get("content").asText()).startsWith("<p>reply:");

        List<String> paged = new ArrayList<>();
        String modified = "";
        String name = "";
        for (int run = 0; run < 4; run++) { // as ErpNextHelpdeskChanges asks: ties first, then later values
            JsonNode ties = http.get("/api/resource/Comment?" + fields + "&filters=" + q("[" + base
                    + ",[\"modified\",\"=\",\"" + modified + "\"],[\"name\",\">\",\"" + name + "\"]]")
                    + "&order_by=" + q("name asc") + "&limit_page_length=2").json().get("data");
            JsonNode later = http.get("/api/resource/Comment?" + fields + "&filters=" + q("[" + base
                    + ",[\"modified\",\">\",\"" + modified + "\"]]") + "&order_by=" + q("modified asc, name asc")
                    + "&limit_page_length=" + (2 - ties.size())).json().get("data");
            for (JsonNode row : List.of(ties, later)) {
                for (JsonNode r : row) {
                    paged.add(r.get("modified").asText() + " " + r.get("name").asText());
                    modified = r.get("modified").asText();
                    name = r.get("name").asText();
                }
            }
        }
        assertThat(paged).containsExactlyElementsOf(listed);
        assertThat(http.get("/api/resource/Comment?filters=" + q("[" + base + ",[\"modified\",\">=\",\"" + modified + "\"]]"))
                .json().get("data")).as(">= includes the last one").hasSize(1);
    }

    @Test
    void listingComments_needsSystemManager() {
        fake.close();
        fake = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields().withRoles("Support Team", "Inbox User"));
        http = new FakeHttp(fake);

        assertThat(http.get("/api/resource/Comment").status()).isEqualTo(403);
        assertThat(http.get("/api/resource/Issue").status()).isEqualTo(200);
    }
}
