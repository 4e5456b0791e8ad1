package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Request arguments as Frappe's {@code form_dict} holds them. */
final class Args {
    private Args() {}

    static Map<String, JsonNode> query(String rawQuery) {
        Map<String, JsonNode> args = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = Paths.decodeForm(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : Paths.decodeForm(pair.substring(eq + 1));
                args.put(key, JsonNodeFactory.instance.textNode(value));
            }
        }
        return args;
    }

    /**
     * {@code make_form_dict} (erpnext.md §1): a JSON object body is the argument dict (query not merged); a
     * JSON array goes under {@code data}; otherwise the query string plus form fields.
     */
    static Map<String, JsonNode> of(String rawQuery, byte[] body, String contentType) {
        if (FormData.is(contentType)) { // an upload (erpnext.md §17): form fields and file parts
            Map<String, JsonNode> args = query(rawQuery);
            args.putAll(FormData.parse(body, contentType));
            return args;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                JsonNode parsed = Reply.JSON.readTree(text);
                if (parsed instanceof ObjectNode object) {
                    Map<String, JsonNode> args = new LinkedHashMap<>();
                    object.properties().forEach(e -> args.put(e.getKey(), e.getValue()));
                    return args;
                }
                Map<String, JsonNode> args = query(rawQuery);
                args.put("data", parsed);
                return args;
            } catch (IOException notJson) {
                // treated as form data below
            }
        }
        Map<String, JsonNode> args = query(rawQuery);
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            args.putAll(query(text));
        }
        return args;
    }

    /** A JSON-valued argument: text from a query string is parsed; JSON values from a body are taken as they are. */
    static JsonNode json(JsonNode arg) {
        if (arg == null || arg.isNull() || !arg.isTextual()) {
            return arg;
        }
        if (arg.asText().isBlank()) {
            return null; // an empty parameter is falsy in Python: as if absent
        }
        try {
            return Reply.JSON.readTree(arg.asText());
        } catch (JsonProcessingException e) {
            throw FrappeException.jsonDecode("Expecting value: line 1 column " + (e.getLocation().getColumnNr())
                    + " (char " + Math.max(0, e.getLocation().getCharOffset()) + ")");
        }
    }
}
