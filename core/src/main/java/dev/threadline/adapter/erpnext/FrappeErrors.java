package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Frappe's v1 error envelope (erpnext.md §5.1) into plain text: {@code _server_messages} is a
 * string holding a JSON array of strings, each holding a JSON object whose {@code message} may
 * contain HTML ({@code <b>}, {@code <strong>}, {@code <details>}). Tolerant by design: whatever
 * cannot be decoded is skipped, because this runs while reporting another failure.
 */
final class FrappeErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private FrappeErrors() {}

    /** The human-readable messages of an error body, HTML stripped; empty when there are none. */
    static List<String> messages(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body == null) {
            return out;
        }
        JsonNode encoded = body.get("_server_messages");
        if (encoded != null && encoded.isTextual()) {
            JsonNode outer = parse(encoded.asText());
            if (outer == null || !outer.isArray()) {
                addText(out, encoded.asText());
            } else {
                for (JsonNode inner : outer) {
                    JsonNode message = inner.isTextual() ? parse(inner.asText()) : inner;
                    if (message == null) {
                        addText(out, inner.asText()); // a bare string: still worth reading
                    } else {
                        addText(out, message.isObject() ? message.path("message").asText("") : message.asText(""));
                    }
                }
            }
        }
        JsonNode errorMessage = body.get("_error_message");
        if (errorMessage != null && errorMessage.isTextual()) {
            addText(out, errorMessage.asText());
        }
        return out;
    }

    /** {@code exc_type}, or {@code null} (v14 omits it for some errors, erpnext.md §12). */
    static String excType(JsonNode body) {
        JsonNode t = body == null ? null : body.get("exc_type");
        return t != null && t.isTextual() ? t.asText() : null;
    }

    /** Tags removed, the five common entities decoded, whitespace collapsed. */
    static String plainText(String html) {
        String text = TAG.matcher(html).replaceAll(" ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException malformed) {
            return null;
        }
    }

    private static void addText(List<String> out, String html) {
        String text = plainText(html);
        if (!text.isEmpty()) {
            out.add(text);
        }
    }
}
