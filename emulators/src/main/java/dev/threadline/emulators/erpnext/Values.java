package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.Field;
import dev.threadline.emulators.erpnext.Meta.FieldType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Field values as Frappe stores and reads them: {@code cint}, Check and Int columns, child-table rows. */
final class Values {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Values() {}

    /** The value as Frappe stores it: Check and Int through {@code cint}, child tables as rows, text as text. */
    static JsonNode coerce(Field f, JsonNode v) {
        if (f.type() == FieldType.TABLE) {
            return rows(f, v);
        }
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

    /**
     * A child table as {@code as_dict} shows it: each row with a name, its {@code idx} from 1, the
     * child doctype's fields as text, and where it belongs; anything but a list of objects is no rows.
     */
    private static ArrayNode rows(Field table, JsonNode given) {
        ArrayNode out = JSON.arrayNode();
        if (given == null || !given.isArray()) {
            return out;
        }
        List<String> childFields = StandardDoctypes.childFields(table.options());
        for (JsonNode row : given) {
            if (!row.isObject()) {
                continue;
            }
            ObjectNode stored = out.addObject();
            stored.put("name", row.hasNonNull("name") ? row.get("name").asText()
                    : HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 10));
            stored.put("idx", out.size());
            for (String field : childFields) {
                JsonNode v = row.get(field);
                stored.set(field, v == null || v.isNull() ? NullNode.instance : JSON.textNode(v.asText()));
            }
            stored.put("parentfield", table.name());
            stored.put("doctype", table.options());
        }
        return out;
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

    /** A stored value as Python holds it after {@code as_dict}: str, int, float, None, list or dict. */
    static Object python(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(e -> out.add(python(e)));
            return out;
        }
        if (v.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.properties().forEach(e -> out.put(e.getKey(), python(e.getValue())));
            return out;
        }
        return v.asText();
    }
}
