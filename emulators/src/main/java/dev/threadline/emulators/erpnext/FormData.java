package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body as werkzeug hands it to Frappe: text fields go into
 * {@code form_dict}, file parts into {@code request.files}. Here a file part is an object with
 * {@code filename}, {@code content_type} and {@code content} (binary); {@link Uploads} reads it.
 */
final class FormData {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("(?i)[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)filename=\"([^\"]*)\"");

    private FormData() {}

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The parts by name; an unreadable body gives no parts, as werkzeug's parser does. */
    static Map<String, JsonNode> parse(byte[] body, String contentType) {
        Map<String, JsonNode> parts = new LinkedHashMap<>();
        Matcher b = BOUNDARY.matcher(contentType);
        if (!b.find()) {
            return parts;
        }
        byte[] first = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = ("\r\n--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, first, 0);
        while (pos >= 0) {
            pos += first.length;
            if (pos + 1 >= body.length || (body[pos] == '-' && body[pos + 1] == '-')) {
                break; // the closing boundary
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            int end = headersEnd < 0 ? -1 : indexOf(body, next, headersEnd + 4);
            if (end < 0) {
                break;
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, end);
            add(parts, headers, content);
            pos = end + 2; // at the next "--boundary"
        }
        return parts;
    }

    private static void add(Map<String, JsonNode> parts, String headers, byte[] content) {
        Matcher name = NAME.matcher(headers);
        if (!name.find()) {
            return;
        }
        Matcher filename = FILENAME.matcher(headers);
        if (!filename.find()) {
            parts.put(name.group(1), JSON.textNode(new String(content, StandardCharsets.UTF_8)));
            return;
        }
        String type = null;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                type = line.substring("content-type:".length()).strip();
            }
        }
        ObjectNode file = JSON.objectNode().put("filename", filename.group(1)).put("content_type", type);
        file.set("content", JSON.binaryNode(content));
        parts.put(name.group(1), file);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
