package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.blank;
import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks of {@code Document.insert} / {@code _save} that are not a controller's (erpnext.md §14.4):
 * links, then mandatory fields, e-mail data fields, Select options and varchar lengths, and last the
 * unique indexes. Each throws the first failure as Frappe reports it.
 */
final class Validation {

    /** Close to Frappe's {@code validate_email_address} for single plain addresses. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9]{2,}$");

    private final Site site;

    Validation(Site site) {
        this.site = site;
    }

    void links(DocType meta, ObjectNode doc) {
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

    /** {@code Document._validate}: mandatory, e-mail data fields, Select options, lengths. */
    void fields(DocType meta, ObjectNode doc, String name) {
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
    void unique(DocType meta, ObjectNode doc, String name) {
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
