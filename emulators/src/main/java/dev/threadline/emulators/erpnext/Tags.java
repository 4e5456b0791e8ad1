package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frappe's user tags (erpnext.md §7.5): {@code frappe.desk.doctype.tag.tag.add_tag(tag, dt, dn)} reads
 * the document's {@code _user_tags} (a comma-led list, {@code ",vpn,network"}), appends the tag when it
 * is not there and writes the column with a direct SQL update: {@code modified} stays and no Webhook
 * fires. Any logged-in user may call it; the document must exist.
 */
final class Tags {

    static final String METHOD = "frappe.desk.doctype.tag.tag.add_tag";
    static final String FIELD = "_user_tags";

    private Tags() {}

    static String add(Site site, String tag, String doctype, String name) {
        ObjectNode doc = site.get(doctype, name);
        List<String> tags = new ArrayList<>(of(doc));
        if (!tags.contains(tag)) {
            tags.add(tag);
            doc.put(FIELD, "," + String.join(",", tags));
            site.put(doctype, name, doc);
        }
        return tag;
    }

    /** The document's tags, in the order they were added. */
    static List<String> of(ObjectNode doc) {
        String stored = Values.text(doc, FIELD);
        return stored == null ? List.of() : Arrays.stream(stored.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }
}
