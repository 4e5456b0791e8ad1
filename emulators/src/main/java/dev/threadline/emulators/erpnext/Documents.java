package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.blank;
import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.FieldType;
import dev.threadline.emulators.erpnext.Meta.Naming;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Insert, update, read and delete with Frappe's validation order (erpnext.md §14.4, {@code
 * document.insert} / {@code _save}): links, permission, the controller's {@code validate}, then
 * {@link Validation#fields} and the unique index and primary key at "DB insert". The first failure
 * is reported and nothing is written. Fields the doctype does not have (including {@code custom_*}
 * without a Custom Field) are silently dropped, as {@code frappe.new_doc(**data)} does. Each write
 * raises the document events Webhooks listen to (erpnext.md §10.2).
 */
final class Documents {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Site site;
    private final Controllers controllers;
    private final Validation validation;
    private final WebhookQueue hooks;

    Documents(Site site, WebhookQueue hooks) {
        this.site = site;
        this.hooks = hooks;
        this.validation = new Validation(site);
        this.controllers = new Controllers(site, this);
    }

    ObjectNode insert(Session session, String doctype, JsonNode body, boolean ignorePermissions) {
        if (!(body instanceof ObjectNode values)) {
            throw FrappeException.python("", "TypeError", "frappe.new_doc() argument after ** must be a mapping");
        }
        DocType meta = site.meta(doctype);
        ObjectNode doc = newDoc(meta, values);
        validation.links(meta, doc);
        if (!ignorePermissions) {
            session.requireWrite(meta, "create");
        }
        controllers.validate(session, meta, doc, true);
        String name = tentativeName(meta, doc, values);
        validation.fields(meta, doc, name);
        validation.unique(meta, doc, name);
        if (site.find(doctype, name).isPresent()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("message", doctype + " <strong>" + name + "</strong> already exists");
            message.put("title", "Duplicate Name");
            message.put("indicator", "red");
            throw FrappeException.afterMessage(409, "DuplicateEntryError", "('" + doctype + "', '" + name
                    + "', IntegrityError(1062, \"Duplicate entry '" + name + "' for key 'PRIMARY'\"))", message);
        }
        if (meta.naming() == Naming.SERIES) {
            site.consumeSeriesName(meta.series(), site.today());
        }
        keepPasswords(meta, doc, name);
        String now = site.nextTimestamp();
        ObjectNode stored = canonical(meta, doc, name, session.user(), now, now, session.user());
        site.put(doctype, name, stored);
        // insert runs after_insert, then on_update; on_change not during insert (erpnext.md §10.2).
        hooks.fire(DocEvent.AFTER_INSERT, meta, stored);
        hooks.fire(DocEvent.ON_UPDATE, meta, stored);
        controllers.afterInsert(session, meta, stored);
        return stored.deepCopy();
    }

    /**
     * {@code PUT}: a partial update, optimistic-locked only when the body carries {@code modified} (erpnext.md §11).
     */
    ObjectNode update(Session session, String doctype, String name, JsonNode body) {
        if (!(body instanceof ObjectNode values)) {
            throw FrappeException.python("", "AttributeError", "'list' object has no attribute 'pop'");
        }
        DocType meta = site.meta(doctype);
        ObjectNode current = site.get(doctype, name);
        session.requireWrite(meta, "write");
        ObjectNode doc = current.deepCopy();
        values.properties().forEach(e -> {
            if (!Meta.STANDARD.contains(e.getKey())) {
                meta.field(e.getKey()).ifPresent(f -> doc.set(f.name(), Values.coerce(f, e.getValue())));
            }
        });
        String dbModified = current.path("modified").asText();
        JsonNode yours = values.get("modified");
        if (yours != null && !dbModified.equals(yours.asText())) {
            throw FrappeException.thrown(417, "TimestampMismatchError", "Error: Document has been modified after you have"
                    + " opened it (" + dbModified + ", " + yours.asText() + "). Please refresh to get the latest document.");
        }
        validation.links(meta, doc);
        controllers.validate(session, meta, doc, false);
        validation.fields(meta, doc, name);
        validation.unique(meta, doc, name);
        keepPasswords(meta, doc, name);
        ObjectNode stored = store(meta, doc, session.user());
        hooks.fire(DocEvent.ON_UPDATE, meta, stored);
        hooks.fire(DocEvent.ON_CHANGE, meta, stored);
        return stored.deepCopy();
    }

    /**
     * {@code db_set}: stores {@code doc} without validation, bumps {@code modified}, and raises only
     * {@code on_change} (erpnext.md §8.2, §10.2).
     */
    void dbSet(DocType meta, ObjectNode doc, String user) {
        hooks.fire(DocEvent.ON_CHANGE, meta, store(meta, doc, user));
    }

    /**
     * Password fields: a new value is kept apart and the document shows as many asterisks; a value of
     * asterisks only (what a client read back) leaves the kept one as it is ({@code _save_passwords}).
     */
    private void keepPasswords(DocType meta, ObjectNode doc, String name) {
        for (Field f : meta.fields()) {
            String value = text(doc, f.name());
            if (f.type() == FieldType.PASSWORD && !blank(value) && !value.chars().allMatch(c -> c == '*')) {
                site.setPassword(meta.name(), name, f.name(), value);
                doc.put(f.name(), "*".repeat(value.length()));
            }
        }
    }

    /** Stores {@code doc} as a save does: bumps {@code modified} and sets {@code modified_by}. */
    private ObjectNode store(DocType meta, ObjectNode doc, String user) {
        ObjectNode stored = canonical(meta, doc, doc.path("name").asText(), doc.path("owner").asText(),
                doc.path("creation").asText(), site.nextTimestamp(), user);
        site.put(meta.name(), stored.path("name").asText(), stored);
        return stored;
    }

    ObjectNode read(Session session, String doctype, String name) {
        DocType meta = site.meta(doctype);
        ObjectNode doc = site.get(doctype, name);
        if (!controllers.canRead(session, meta, doc)) {
            throw session.denied("read", meta);
        }
        return canonical(meta, doc, name, doc.path("owner").asText(), doc.path("creation").asText(),
                doc.path("modified").asText(), doc.path("modified_by").asText());
    }

    void delete(Session session, String doctype, String name) {
        DocType meta = site.meta(doctype);
        ObjectNode doc = site.get(doctype, name);
        session.requireWrite(meta, "delete");
        hooks.fire(DocEvent.ON_TRASH, meta, doc);
        site.remove(doctype, name);
        controllers.afterDelete(meta, doc);
    }

    /** After {@link Site#load}: the Custom Field documents become fields of their doctypes again. */
    void restoreCustomFields(Session session) {
        DocType meta = site.meta(StandardDoctypes.CUSTOM_FIELD);
        List.copyOf(site.table(meta.name()).values()).forEach(field -> controllers.afterInsert(session, meta, field));
    }

    /** A document with every column of its doctype (nulls included) in {@code as_dict} order. */
    ObjectNode canonical(DocType meta, ObjectNode values, String name, String owner, String creation,
                         String modified, String modifiedBy) {
        ObjectNode out = JSON.objectNode();
        out.put("name", name);
        out.put("owner", owner);
        out.put("creation", creation);
        out.put("modified", modified);
        out.put("modified_by", modifiedBy);
        out.put("docstatus", 0);
        out.put("idx", 0);
        for (Field f : meta.fields()) {
            JsonNode v = values.get(f.name());
            out.set(f.name(), v == null ? Values.coerce(f, NullNode.instance) : v);
            if (f.type() == FieldType.TABLE && out.get(f.name()) instanceof ArrayNode rows) {
                rows.forEach(row -> ((ObjectNode) row).put("parent", name).put("parenttype", meta.name()));
            }
        }
        if (values.hasNonNull(Tags.FIELD)) {
            out.set(Tags.FIELD, values.get(Tags.FIELD)); // a column every table has once tagged (Tags)
        }
        out.put("doctype", meta.name());
        return out;
    }

    /** {@code frappe.new_doc}: defaults, then the client's values for fields the doctype has. */
    private ObjectNode newDoc(DocType meta, ObjectNode values) {
        ObjectNode doc = JSON.objectNode();
        for (Field f : meta.fields()) {
            JsonNode given = values.get(f.name());
            JsonNode v = given == null || given.isNull() ? defaultOf(f) : given;
            doc.set(f.name(), Values.coerce(f, v));
        }
        return doc;
    }

    private JsonNode defaultOf(Field f) {
        Object d = f.defaultValue();
        if (StandardDoctypes.TODAY.equals(d)) {
            return JSON.textNode(site.today().toString());
        }
        if (StandardDoctypes.NOW.equals(d)) {
            return JSON.textNode(site.nextTimestamp());
        }
        return switch (d) {
            case null -> NullNode.instance;
            case Integer i -> JSON.numberNode(i);
            default -> JSON.textNode(String.valueOf(d));
        };
    }

    private String tentativeName(DocType meta, ObjectNode doc, ObjectNode values) {
        return switch (meta.naming()) {
            case SERIES -> site.peekSeriesName(meta.series(), site.today());
            case HASH -> HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10);
            case CUSTOM_FIELD -> text(doc, "dt") + "-" + text(doc, "fieldname");
            case PROMPT -> {
                String name = values.hasNonNull("__newname") ? values.get("__newname").asText() : text(values, "name");
                if (blank(name)) {
                    throw FrappeException.validation("No Name Specified for " + meta.name());
                }
                yield name.strip();
            }
        };
    }
}
