package dev.threadline.adapter.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for "the site is set up": every Threadline field on Issue, the idempotency key unique. */
class IssueFieldsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Issue's fields as a set-up site's form meta lists them (plus a standard one). */
    private static Map<String, JsonNode> setUpSite() {
        Map<String, JsonNode> fields = new HashMap<>();
        fields.put("subject", JSON.objectNode().put("fieldname", "subject").put("unique", 0));
        IssueFields.ALL.forEach(d -> fields.put(d.fieldname(), JSON.objectNode().put("fieldname", d.fieldname())
                .put("fieldtype", d.fieldtype()).put("unique", d.unique() ? 1 : 0).put("is_custom_field", 1)));
        return fields;
    }

    @Test
    void aSiteWithEveryFieldAndAUniqueKey_hasNoProblems() {
        assertThat(IssueFields.problems(setUpSite())).isEmpty();
    }

    @Test
    void aBareSite_lacksEveryField() {
        assertThat(IssueFields.problems(Map.of("subject", JSON.objectNode().put("fieldname", "subject"))))
                .containsExactly("Issue has no field custom_idempotency_key", "Issue has no field custom_customer_key",
                        "Issue has no field custom_whatsapp_number", "Issue has no field custom_needs_triage");
    }

    @Test
    void anIdempotencyKeyWithoutUnique_isAProblem_evenWithEveryFieldPresent() {
        Map<String, JsonNode> fields = setUpSite();
        fields.put(IssueFields.IDEMPOTENCY_KEY, JSON.objectNode().put("fieldname", IssueFields.IDEMPOTENCY_KEY).put("unique", 0));

        assertThat(IssueFields.problems(fields)).singleElement().asString()
                .startsWith("custom_idempotency_key exists but is not unique");
    }

    @Test
    void onlyTheIdempotencyKeyMustBeUnique() {
        assertThat(IssueFields.ALL).filteredOn(IssueFields.Definition::unique)
                .extracting(IssueFields.Definition::fieldname).containsExactly(IssueFields.IDEMPOTENCY_KEY);
    }
}
