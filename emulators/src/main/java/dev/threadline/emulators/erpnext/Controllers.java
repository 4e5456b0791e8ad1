package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.blank;
import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.FieldType;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The doctype-specific parts of the controllers: what ERPNext's and Frappe's Python classes do in
 * {@code validate}, {@code on_update} and {@code on_trash} for the doctypes the fake serves.
 */
final class Controllers {

    /** Fieldtypes a unique index may be put on (erpnext.md §9.1, {@code check_unique_and_text}). */
    private static final Set<String> UNIQUE_TYPES = Set.of("Data", "Link", "Read Only", "Int");
    /** Fieldnames Frappe appends a {@code 1} to ({@code set_fieldname}). */
    private static final Set<String> RESTRICTED = Set.of("name", "parent", "creation", "modified", "modified_by",
            "parentfield", "parenttype", "file_list", "flags", "docstatus");
    private static final Set<String> LAYOUT_TYPES = Set.of("Section Break", "Column Break", "Tab Break");

    private final Site site;
    private final Documents documents;

    Controllers(Site site, Documents documents) {
        this.site = site;
        this.documents = documents;
    }

    /** The controller's {@code validate}; runs after links and permission, before mandatory checks. */
    void validate(Session session, DocType meta, ObjectNode doc, boolean isNew) {
        switch (meta.name()) {
            // issue.py validate: raised_by defaults to the session user.
            case StandardDoctypes.ISSUE -> {
                if (blank(text(doc, "raised_by"))) {
                    doc.put("raised_by", session.user());
                }
            }
            case StandardDoctypes.COMMUNICATION -> {
                if (isNew) {
                    validateNewCommunication(session, doc);
                }
            }
            case StandardDoctypes.COMMENT -> {
                if (blank(text(doc, "comment_email"))) {
                    doc.put("comment_email", session.user());
                }
            }
            case StandardDoctypes.CUSTOM_FIELD -> {
                if (isNew) {
                    validateNewCustomField(doc);
                }
            }
            case StandardDoctypes.WEBHOOK -> WebhookRules.validate(site, doc);
            default -> { }
        }
    }

    /** communication.py validate + set_status (erpnext.md §8.2). */
    private static void validateNewCommunication(Session session, ObjectNode doc) {
        if (blank(text(doc, "subject"))) {
            String content = text(doc, "content");
            String head = content == null ? "" : content.substring(0, Math.min(141, content.length()));
            doc.put("subject", Html.stripTags(head));
        }
        if (blank(text(doc, "sent_or_received"))) {
            doc.put("seen", 1);
            doc.put("sent_or_received", "Sent");
        }
        if (!blank(text(doc, "reference_doctype")) && !blank(text(doc, "reference_name"))) {
            doc.put("status", "Linked");
        } else if ("Communication".equals(text(doc, "communication_type"))) {
            doc.put("status", "Open");
        } else {
            doc.put("status", "Closed");
        }
        if (blank(text(doc, "user"))) {
            doc.put("user", session.user());
        }
    }

    /** custom_field.py set_fieldname and validate (erpnext.md §9.1; frappe v15 {@code custom_field.py}). */
    private void validateNewCustomField(ObjectNode doc) {
        String fieldname = text(doc, "fieldname");
        if (blank(fieldname)) {
            String label = text(doc, "label");
            if (blank(label)) {
                if (!LAYOUT_TYPES.contains(text(doc, "fieldtype"))) {
                    throw FrappeException.validation("Label is mandatory");
                }
                label = text(doc, "fieldtype") + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 5);
            }
            // Spaces to underscores, then only letters, digits and underscores, then the custom_ prefix.
            StringBuilder derived = new StringBuilder("custom_");
            label.replace(' ', '_').codePoints()
                    .filter(c -> Character.isLetterOrDigit(c) || c == '_')
                    .forEach(derived::appendCodePoint);
            fieldname = derived.toString();
        }
        fieldname = fieldname.toLowerCase(Locale.ROOT);
        if (RESTRICTED.contains(fieldname)) {
            fieldname = fieldname + "1";
        }
        doc.put("fieldname", fieldname);
        String dt = text(doc, "dt");
        if (blank(dt) || !site.hasDoctype(dt)) {
            return; // mandatory / link validation reports it
        }
        if (site.meta(dt).field(fieldname).isPresent()) {
            throw FrappeException.validation("A field with the name <strong>" + fieldname + "</strong> already exists in " + dt);
        }
        String fieldtype = text(doc, "fieldtype");
        if (Values.cint(doc.get("unique")) != 0 && !UNIQUE_TYPES.contains(fieldtype)) {
            // Message not verified against source; the rule is erpnext.md §9.1 (check_unique_and_text).
            throw FrappeException.validation("Fieldtype " + fieldtype + " for " + text(doc, "label") + " cannot be unique");
        }
    }

    /** {@code on_update} of a new document. */
    void afterInsert(Session session, DocType meta, ObjectNode stored) {
        switch (meta.name()) {
            case StandardDoctypes.CUSTOM_FIELD -> FieldType.ofFrappe(text(stored, "fieldtype")).ifPresent(type ->
                    site.addCustomField(text(stored, "dt"), new Field(text(stored, "fieldname"), type,
                            text(stored, "label"), text(stored, "options"), Values.cint(stored.get("reqd")) != 0,
                            Values.cint(stored.get("unique")) != 0, text(stored, "default"),
                            Values.cint(stored.get("length")))));
            case StandardDoctypes.COMMUNICATION -> reopenOnReceived(session, stored);
            default -> { }
        }
    }

    /**
     * communication.py {@code update_parent_document_on_communication} (erpnext.md §8.2): a Received
     * Communication of type Communication on an Issue sets the Issue's status to Open with {@code
     * db_set}, whatever it was, which also bumps {@code modified} and {@code modified_by}.
     */
    private void reopenOnReceived(Session session, ObjectNode communication) {
        if (!"Communication".equals(text(communication, "communication_type"))
                || !"Received".equals(text(communication, "sent_or_received"))
                || !StandardDoctypes.ISSUE.equals(text(communication, "reference_doctype"))) {
            return;
        }
        site.find(StandardDoctypes.ISSUE, text(communication, "reference_name")).ifPresent(issue -> {
            ObjectNode changed = issue.deepCopy();
            changed.put("status", "Open");
            documents.dbSet(site.meta(StandardDoctypes.ISSUE), changed, session.user());
        });
    }

    void afterDelete(DocType meta, ObjectNode doc) {
        if (meta.name().equals(StandardDoctypes.CUSTOM_FIELD)) {
            site.removeCustomField(text(doc, "dt"), text(doc, "fieldname"));
        }
    }

    /**
     * Read permission; a Communication is also readable by whoever may read the document it is
     * attached to ({@code communication.py has_permission}).
     */
    boolean canRead(Session session, DocType meta, ObjectNode doc) {
        if (session.canRead(meta)) {
            return true;
        }
        if (meta.name().equals(StandardDoctypes.COMMUNICATION)) {
            String reference = text(doc, "reference_doctype");
            return reference != null && site.hasDoctype(reference) && session.canRead(site.meta(reference));
        }
        return false;
    }
}
