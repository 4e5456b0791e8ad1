package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Custom Fields a site has once {@code setup-erpnext} has run, for {@link
 * ErpNextOptions#withThreadlineFields()}. Written out here on purpose rather than taken from
 * the adapter, so that a mistake in the adapter's definitions shows up in its tests instead of
 * being mirrored by the fake.
 */
final class ThreadlineFields {

    private ThreadlineFields() {}

    static List<ObjectNode> definitions() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return List.of(
                json.objectNode().put("dt", "Issue").put("fieldname", "custom_idempotency_key")
                        .put("label", "Idempotency Key").put("fieldtype", "Data").put("unique", 1).put("no_copy", 1)
                        .put("read_only", 1).put("insert_after", "subject"),
                json.objectNode().put("dt", "Issue").put("fieldname", "custom_customer_key")
                        .put("label", "Customer Key").put("fieldtype", "Data").put("read_only", 1),
                json.objectNode().put("dt", "Issue").put("fieldname", "custom_whatsapp_number")
                        .put("label", "WhatsApp Number").put("fieldtype", "Data").put("read_only", 1),
                json.objectNode().put("dt", "Issue").put("fieldname", "custom_needs_triage")
                        .put("label", "Needs Triage").put("fieldtype", "Check").put("default", "0"));
    }
}
