package dev.threadline.emulators.erpnext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Frappe's v1 URL rules (erpnext.md §1, §3): {@code /api/resource/{doctype}[/{name}]} and
 * {@code /api/method/{dotted.path}}, also under {@code /api/v1/} from v15 on, trailing slash
 * optional; the doctype is URL-decoded and the name may contain {@code /}.
 */
final class Paths {

    private Paths() {}

    sealed interface Route {
        record Resource(String doctype, String name) implements Route {}

        record Method(String path) implements Route {}
    }

    /** @param path the decoded request path */
    static Optional<Route> route(String path, FrappeVersion version) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (version == FrappeVersion.V15 && p.startsWith("/api/v1/")) {
            p = "/api" + p.substring("/api/v1".length());
        }
        if (p.startsWith("/api/method/") && p.length() > "/api/method/".length()) {
            return Optional.of(new Route.Method(p.substring("/api/method/".length())));
        }
        if (p.startsWith("/api/resource/") && p.length() > "/api/resource/".length()) {
            String rest = p.substring("/api/resource/".length());
            int slash = rest.indexOf('/');
            return Optional.of(slash < 0 ? new Route.Resource(rest, null)
                    : new Route.Resource(rest.substring(0, slash), rest.substring(slash + 1)));
        }
        return Optional.empty();
    }

    /** Whether {@code path} is {@code prefix} or lies below it (whole segments only); {@code null} matches all. */
    static boolean under(String path, String prefix) {
        return prefix == null || path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** A counter key: the method plus the route with any document name replaced by {@code {name}}. */
    static String routeKey(String method, String path, FrappeVersion version) {
        return method + " " + route(path, version).map(r -> switch (r) {
            case Route.Resource res -> "/api/resource/" + res.doctype() + (res.name() == null ? "" : "/{name}");
            case Route.Method m -> "/api/method/" + m.path();
        }).orElse(path);
    }

    /** Percent-decodes a path as UTF-8; {@code +} stays a plus sign. */
    static String decode(String raw) {
        return percentDecode(raw, false);
    }

    /** Decodes a query-string or form component: {@code +} is a space. */
    static String decodeForm(String raw) {
        return percentDecode(raw, true);
    }

    private static String percentDecode(String raw, boolean plusIsSpace) {
        if (raw == null) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    bytes = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(bytes);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
