package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Custom Fields Threadline adds to ERPNext's Issue, how {@code setup-erpnext} creates them
 * (erpnext.md §9.1), and the one rule for whether a site has them as it should ({@link #problems}).
 */
final class IssueFields {

    private IssueFields() {}

    static final String IDEMPOTENCY_KEY = "custom_idempotency_key";
    static final String CUSTOMER_KEY = "custom_customer_key";
    static final String WHATSAPP_NUMBER = "custom_whatsapp_number";
    static final String NEEDS_TRIAGE = "custom_needs_triage";

    /**
     * One Custom Field on Issue.
     *
     * @param unique only the idempotency key: the DB's unique index is what makes ticket creation
     *               exactly-once (erpnext.md §9.2)
     */
    record Definition(String fieldname, String label, String fieldtype, boolean unique, boolean readOnly,
                      String insertAfter, String defaultValue) {

        /**
         * What is wrong with this field as the site's Issue has it, if anything.
         *
         * @param siteField the field from the Issue's form meta, or {@code null} when Issue has none
         */
        Optional<String> problem(JsonNode siteField) {
            if (siteField == null) {
                return Optional.of("Issue has no field " + fieldname);
            }
            if (unique && siteField.path("unique").asInt() != 1) {
                return Optional.of(fieldname + " exists but is not unique: duplicate tickets cannot be prevented;"
                        + " tick Unique on it in Customize Form (Issue)");
            }
            return Optional.empty();
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode()
                    .put("dt", "Issue")
                    .put("fieldname", fieldname)
                    .put("label", label)
                    .put("fieldtype", fieldtype)
                    .put("insert_after", insertAfter)
                    .put("read_only", readOnly ? 1 : 0);
            if (unique) {
                json.put("unique", 1).put("no_copy", 1);
            }
            if (defaultValue != null) {
                json.put("default", defaultValue);
            }
            return json;
        }
    }

    static final List<Definition> ALL = List.of(
            new Definition(IDEMPOTENCY_KEY, "Idempotency Key", "Data", true, true, "subject", null),
            new Definition(CUSTOMER_KEY, "Customer Key", "Data", false, true, IDEMPOTENCY_KEY, null),
            new Definition(WHATSAPP_NUMBER, "WhatsApp Number", "Data", false, true, "raised_by", null),
            new Definition(NEEDS_TRIAGE, "Needs Triage", "Check", false, false, "priority", "0"));

    /**
     * Why the site is not set up for Threadline: each field of {@link #ALL} its Issue lacks, and each
     * that should be unique but is not. Empty when it is set up.
     *
     * @param siteFields the Issue's fields by fieldname, as {@link SiteReadiness#issueFields} reads them
     */
    static List<String> problems(Map<String, JsonNode> siteFields) {
        return ALL.stream().flatMap(d -> d.problem(siteFields.get(d.fieldname())).stream()).toList();
    }
}
