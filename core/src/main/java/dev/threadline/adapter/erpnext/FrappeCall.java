package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.adapter.MultipartForm;
import io.micronaut.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One v1 API request: method, path and query (encoded here), and a JSON body for writes.
 *
 * @param path already encoded, built with {@link #resource} or {@link #method}
 * @param query raw values; JSON-valued ones ({@code fields}, {@code filters}) as JSON text
 * @param form a multipart body instead of JSON (a file upload, erpnext.md §17), or {@code null}
 */
record FrappeCall(HttpMethod method, String path, Map<String, String> query, JsonNode body, MultipartForm form) {

    FrappeCall {
        query = new LinkedHashMap<>(query);
    }

    FrappeCall(HttpMethod method, String path, Map<String, String> query, JsonNode body) {
        this(method, path, query, body, null);
    }

    static FrappeCall upload(String path, MultipartForm form) {
        return new FrappeCall(HttpMethod.POST, path, Map.of(), null, form);
    }

    static FrappeCall get(String path, Map<String, String> query) {
        return new FrappeCall(HttpMethod.GET, path, query, null);
    }

    static FrappeCall post(String path, JsonNode body) {
        return new FrappeCall(HttpMethod.POST, path, Map.of(), body);
    }

    static FrappeCall put(String path, JsonNode body) {
        return new FrappeCall(HttpMethod.PUT, path, Map.of(), body);
    }

    /** {@code /api/resource/{doctype}} or {@code /api/resource/{doctype}/{name}}, each part percent-encoded. */
    static String resource(String doctype, String name) {
        return "/api/resource/" + segment(doctype) + (name == null ? "" : "/" + segment(name));
    }

    static String method(String dottedPath) {
        return "/api/method/" + dottedPath;
    }

    String pathAndQuery() {
        if (query.isEmpty()) {
            return path;
        }
        StringJoiner q = new StringJoiner("&", path + "?", "");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** For logs and error messages: method and path, never the query (filters may hold message ids). */
    String operation() {
        return method + " " + path.replace("%20", " ");
    }

    /** Percent-encodes a path segment (RFC 3986: everything but unreserved characters). */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
