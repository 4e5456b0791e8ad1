package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Custom Fields Threadline adds to ERPNext's Issue, and how {@code setup-erpnext} creates them (erpnext.md §9.1).
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

        /** The Custom Field document's name: {@code Issue-<fieldname>}. */
        String documentName() {
            return "Issue-" + fieldname;
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
}
