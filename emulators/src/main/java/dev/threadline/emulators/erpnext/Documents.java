package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.FieldType;
import dev.threadline.emulators.erpnext.Meta.Naming;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Insert, update, read and delete with Frappe's validation order (erpnext.md §14.4, {@code
 * document.insert} / {@code _save}): links, permission, the controller's {@code validate},
 * mandatory fields, e-mail data fields, Select options, varchar lengths, then the unique index and
 * the primary key at "DB insert". The first failure is reported and nothing is written. Fields the
 * doctype does not have (including {@code custom_*} without a Custom Field) are silently dropped,
 * as {@code frappe.new_doc(**data)} does.
 */
final class Documents {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Close to Frappe's {@code validate_email_address} for single plain addresses. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9]{2,}$");

    private final Site site;
    private final Controllers controllers;

    Documents(Site site) {
        this.site = site;
        this.controllers = new Controllers(site, this);
    }

    ObjectNode insert(Session session, String doctype, JsonNode body, boolean ignorePermissions) {
        if (!(body instanceof ObjectNode values)) {
            throw FrappeException.python("", "TypeError", "frappe.new_doc() argument after ** must be a mapping");
        }
        DocType meta = site.meta(doctype);
        ObjectNode doc = newDoc(meta, values);
        validateLinks(meta, doc);
        if (!ignorePermissions) {
            session.requireWrite(meta, "create");
        }
        controllers.validate(session, meta, doc, true);
        String name = tentativeName(meta, doc, values);
        validate(meta, doc, name);
        checkUnique(meta, doc, name);
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
        String now = site.nextTimestamp();
        ObjectNode stored = canonical(meta, doc, name, session.user(), now, now, session.user());
        site.put(doctype, name, stored);
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
                meta.field(e.getKey()).ifPresent(f -> doc.set(f.name(), coerce(f, e.getValue())));
            }
        });
        String dbModified = current.path("modified").asText();
        JsonNode yours = values.get("modified");
        if (yours != null && !dbModified.equals(yours.asText())) {
            throw FrappeException.thrown(417, "TimestampMismatchError", "Error: Document has been modified after you have"
                    + " opened it (" + dbModified + ", " + yours.asText() + "). Please refresh to get the latest document.");
        }
        validateLinks(meta, doc);
        controllers.validate(session, meta, doc, false);
        validate(meta, doc, name);
        checkUnique(meta, doc, name);
        return save(meta, doc, session.user());
    }

    /** Stores {@code doc} as a save does: bumps {@code modified} and sets {@code modified_by}. */
    ObjectNode save(DocType meta, ObjectNode doc, String user) {
        ObjectNode stored = canonical(meta, doc, doc.path("name").asText(), doc.path("owner").asText(),
                doc.path("creation").asText(), site.nextTimestamp(), user);
        site.put(meta.name(), stored.path("name").asText(), stored);
        return stored.deepCopy();
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
            out.set(f.name(), v == null ? coerce(f, NullNode.instance) : v);
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
            doc.set(f.name(), coerce(f, v));
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

    /** The value as Frappe stores it: Check and Int through {@code cint}, text as text. */
    static JsonNode coerce(Field f, JsonNode v) {
        if (f.type().integer()) {
            int i = cint(v);
            return JSON.numberNode(f.type() == FieldType.CHECK ? (i != 0 ? 1 : 0) : i);
        }
        if (v == null || v.isNull()) {
            return f.type() == FieldType.FLOAT ? JSON.numberNode(0.0) : NullNode.instance;
        }
        if (f.type() == FieldType.FLOAT || f.type() == FieldType.DURATION) {
            return v.isNumber() ? v : JSON.numberNode(parseDouble(v.asText()));
        }
        String text = v.isValueNode() ? v.asText() : v.toString();
        return f.unique() && text.isBlank() ? NullNode.instance : JSON.textNode(text);
    }

    static int cint(JsonNode v) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 1 : 0;
        }
        if (v.isNumber()) {
            return v.intValue();
        }
        return (int) parseDouble(v.asText().trim());
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void validateLinks(DocType meta, ObjectNode doc) {
        List<String> invalid = new ArrayList<>();
        for (Field f : meta.fields()) {
            if (f.type() != FieldType.LINK && f.type() != FieldType.DYNAMIC_LINK) {
                continue;
            }
            String value = text(doc, f.name());
            if (blank(value)) {
                continue;
            }
            String target = f.type() == FieldType.LINK ? f.options() : text(doc, f.options());
            if (blank(target)) {
                String label = meta.field(f.options()).map(Field::displayLabel).orElse(f.options());
                throw FrappeException.validation(label + " must be set first");
            }
            Optional<String> found = resolveLink(target, value);
            if (found.isPresent()) {
                doc.put(f.name(), found.get()); // the stored spelling, as get_invalid_links sets it
            } else {
                invalid.add(f.displayLabel() + ": " + value);
            }
        }
        if (!invalid.isEmpty()) {
            throw FrappeException.thrown(417, "LinkValidationError", "Could not find " + String.join(", ", invalid));
        }
    }

    /** Names compare case-insensitively, as MariaDB's {@code utf8mb4_unicode_ci} collation does. */
    private Optional<String> resolveLink(String target, String value) {
        if ("DocType".equals(target)) {
            return site.hasDoctype(value) ? Optional.of(value) : Optional.empty();
        }
        if (!site.hasDoctype(target)) {
            return Optional.empty();
        }
        return site.table(target).keySet().stream().filter(k -> k.equalsIgnoreCase(value)).findFirst();
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

    /** {@code Document._validate}: mandatory, e-mail data fields, Select options, lengths. */
    private void validate(DocType meta, ObjectNode doc, String name) {
        List<String> missing = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Field f : meta.fields()) {
            if (f.reqd() && blank(text(doc, f.name()))) {
                missing.add(f.name());
                messages.add("Error: Value missing for " + meta.name() + ": " + f.displayLabel());
            }
        }
        if (!missing.isEmpty()) {
            throw FrappeException.afterMessages(417, "MandatoryError",
                    "[" + meta.name() + ", " + name + "]: " + String.join(", ", missing), messages);
        }
        for (Field f : meta.fields()) {
            String value = text(doc, f.name());
            if (f.type() == FieldType.DATA && "Email".equals(f.options()) && !blank(value)) {
                for (String address : value.split("[,\n]")) {
                    if (!address.isBlank() && !EMAIL.matcher(address.strip()).matches()) {
                        throw FrappeException.thrown(417, "InvalidEmailAddressError",
                                address.strip() + " is not a valid Email Address");
                    }
                }
            }
        }
        for (Field f : meta.fields()) {
            String value = text(doc, f.name());
            if (f.type() != FieldType.SELECT || f.name().equals("naming_series") || blank(value)) {
                continue;
            }
            List<String> options = f.selectOptions();
            doc.put(f.name(), value.strip());
            if (!options.contains(value.strip())) {
                throw FrappeException.validation(" " + f.displayLabel() + " cannot be \"" + value.strip()
                        + "\". It should be one of \"" + String.join("\", \"", options) + "\"");
            }
        }
        for (Field f : meta.fields()) {
            String value = text(doc, f.name());
            if (f.type().varchar() && value != null && value.codePointCount(0, value.length()) > f.maxLength()) {
                throw FrappeException.thrown(417, "CharacterLengthExceededError", meta.name() + " " + name + ": '"
                        + f.displayLabel() + "' (" + value + ") will get truncated, as max characters allowed is "
                        + f.maxLength(), "Value too big");
            }
        }
    }

    /**
     * The DB's unique indexes (case-insensitive collation); blank values are NULL and never clash (erpnext.md §9.2).
     */
    private void checkUnique(DocType meta, ObjectNode doc, String name) {
        for (Field f : meta.fields()) {
            String value = text(doc, f.name());
            if (!f.unique() || blank(value)) {
                continue;
            }
            boolean clash = site.table(meta.name()).values().stream()
                    .anyMatch(other -> !name.equals(text(other, "name")) && value.equalsIgnoreCase(text(other, f.name())));
            if (clash) {
                throw FrappeException.afterMessages(417, "UniqueValidationError", "('" + meta.name() + "', '" + name
                        + "', IntegrityError(1062, \"Duplicate entry '" + value + "' for key '" + f.name() + "'\"))",
                        List.of(f.displayLabel() + " must be unique"));
            }
        }
    }
}
