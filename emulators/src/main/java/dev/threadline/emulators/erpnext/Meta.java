package dev.threadline.emulators.erpnext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The slice of Frappe's DocType metadata the fake needs: fields with their types, labels, options
 * and flags, how names are made, and which roles may create and read.
 */
final class Meta {

    private Meta() {}

    /** The columns every document has, in Frappe's {@code as_dict} order. */
    static final List<String> STANDARD = List.of("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx");

    enum FieldType {
        DATA, SELECT, LINK, DYNAMIC_LINK, TEXT, CHECK, INT, FLOAT, DATE, DATETIME, TIME, DURATION,
        /** Shown as asterisks of the same length; the value itself is kept apart ({@code __Auth}). */
        PASSWORD,
        /** A child table: a list of rows of the child doctype named in {@code options}. */
        TABLE;

        /** Stored as {@code varchar(140)} (or the field's length): longer values are rejected. */
        boolean varchar() {
            return this == DATA || this == SELECT || this == LINK || this == DYNAMIC_LINK;
        }

        boolean integer() {
            return this == CHECK || this == INT;
        }

        /** The Frappe fieldtype a form meta shows for a standard field of this kind (TEXT as plain Text). */
        String frappeName() {
            return switch (this) {
                case DATA -> "Data";
                case SELECT -> "Select";
                case LINK -> "Link";
                case DYNAMIC_LINK -> "Dynamic Link";
                case TEXT -> "Text";
                case CHECK -> "Check";
                case INT -> "Int";
                case FLOAT -> "Float";
                case DATE -> "Date";
                case DATETIME -> "Datetime";
                case TIME -> "Time";
                case DURATION -> "Duration";
                case PASSWORD -> "Password";
                case TABLE -> "Table";
            };
        }

        /** Maps a Custom Field's {@code fieldtype} to how the fake treats its values. */
        static Optional<FieldType> ofFrappe(String fieldtype) {
            return Optional.ofNullable(switch (fieldtype) {
                case "Data", "Phone", "Read Only", "Autocomplete" -> DATA;
                case "Password" -> PASSWORD;
                case "Select" -> SELECT;
                case "Link" -> LINK;
                case "Dynamic Link" -> DYNAMIC_LINK;
                case "Small Text", "Text", "Long Text", "Text Editor", "Code", "HTML Editor", "Markdown Editor",
                     "HTML", "JSON" -> TEXT;
                case "Check" -> CHECK;
                case "Int" -> INT;
                case "Float", "Currency", "Percent" -> FLOAT;
                case "Date" -> DATE;
                case "Datetime" -> DATETIME;
                case "Time" -> TIME;
                case "Duration" -> DURATION;
                default -> null;
            });
        }
    }

    /**
     * One field.
     *
     * @param options Select: the allowed values; Link: the target doctype; Dynamic Link: the field
     *                naming the target doctype; Data: {@code Email} to require an e-mail address
     * @param defaultValue applied on insert when the value is absent or null
     * @param length the varchar length; 0 means Frappe's default of 140
     */
    record Field(String name, FieldType type, String label, String options, boolean reqd, boolean unique,
                 Object defaultValue, int length) {

        static Field of(String name, FieldType type, String label) {
            return new Field(name, type, label, null, false, false, null, 0);
        }

        Field options(String value) {
            return new Field(name, type, label, value, reqd, unique, defaultValue, length);
        }

        Field required() {
            return new Field(name, type, label, options, true, unique, defaultValue, length);
        }

        Field defaults(Object value) {
            return new Field(name, type, label, options, reqd, unique, value, length);
        }

        List<String> selectOptions() {
            return options == null ? List.of() : Arrays.asList(options.split("\n", -1));
        }

        int maxLength() {
            return length > 0 ? length : 140;
        }

        /** The label as messages print it; the fieldname when the label is empty. */
        String displayLabel() {
            return label == null || label.isBlank() ? name : label;
        }
    }

    enum Naming {
        /** {@code naming_series:}, e.g. {@code ISS-.YYYY.-.#####} (Issue) or {@code HOOK-.####} (Webhook). */
        SERIES,
        /** The client's {@code name} (autoname Prompt): Issue Priority, Issue Type. */
        PROMPT,
        /** A random 10-hex-digit hash: Comment, Communication. */
        HASH,
        /** {@code {dt}-{fieldname}}: Custom Field. */
        CUSTOM_FIELD
    }

    /**
     * A doctype.
     *
     * @param series for {@link Naming#SERIES}: the series, e.g. {@code ISS-.YYYY.-.#####}
     * @param sortField the default {@code order_by} field (always descending here)
     * @param writeRoles roles with create/write/delete permission
     * @param readRoles roles with read permission (includes the write roles)
     */
    record DocType(String name, Naming naming, String series, List<Field> fields, String sortField,
                   Set<String> writeRoles, Set<String> readRoles) {

        DocType {
            fields = List.copyOf(fields);
        }

        Optional<Field> field(String fieldname) {
            return fields.stream().filter(f -> f.name().equals(fieldname)).findFirst();
        }

        /** This doctype with extra (custom) fields appended. */
        DocType with(List<Field> extra) {
            if (extra.isEmpty()) {
                return this;
            }
            List<Field> all = new ArrayList<>(fields);
            all.addAll(extra);
            return new DocType(name, naming, series, all, sortField, writeRoles, readRoles);
        }

        /** What {@code doc.<name>} can read on a document of this doctype, {@code doctype} included. */
        Set<String> attributes() {
            Set<String> out = new java.util.LinkedHashSet<>(STANDARD);
            fields.forEach(f -> out.add(f.name()));
            out.add("doctype");
            return out;
        }

        boolean hasColumn(String fieldname) {
            return STANDARD.contains(fieldname) || field(fieldname).isPresent();
        }
    }
}
