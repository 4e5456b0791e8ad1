package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's page: {@code GET /} (every Issue) and {@code GET /app/issue/{name}} (one), the files
 * attached to Issues ({@code GET /private/files/{name}}, erpnext.md §17), and the
 * forms they post, {@code POST /app/issue/{name}/reply} (fields {@code text}, {@code visibility}
 * {@code customer} or {@code internal}) and {@code POST /app/issue/{name}/status} (field {@code
 * status}). A form post answers 303 back to the page it came from. A post whose {@code Origin} is
 * another site is refused, so that no other page in the browser can post as the agent.
 */
final class DeskPage {

    private static final String ISSUE_PATH = "/app/issue/";

    private final HtmlView view;
    private final Desk desk;
    private final FileStore files;

    DeskPage(HtmlView view, Desk desk, FileStore files) {
        this.view = view;
        this.desk = desk;
        this.files = files;
    }

    /** The page's answer, or empty when {@code path} is not one of the page's routes. */
    Optional<Reply> handle(String method, String path, Headers headers, byte[] body) {
        if (method.equals("GET") && path.equals("/")) {
            return Optional.of(Reply.html(200, view.index()));
        }
        if (method.equals("GET") && (path.startsWith("/private/files/") || path.startsWith("/files/"))) {
            return Optional.of(file(path));
        }
        if (!path.startsWith(ISSUE_PATH)) {
            return Optional.empty();
        }
        String rest = path.substring(ISSUE_PATH.length());
        int slash = rest.indexOf('/');
        if (method.equals("GET") && slash < 0) {
            return Optional.of(Reply.html(200, view.issue(rest)));
        }
        if (!method.equals("POST") || slash < 0) {
            return Optional.empty();
        }
        String issue = rest.substring(0, slash);
        String action = rest.substring(slash + 1);
        if (!action.equals("reply") && !action.equals("status")) {
            return Optional.empty();
        }
        if (!sameOrigin(headers)) {
            return Optional.of(Reply.html(403, page("Refused: this form may only be posted from the emulator's own page.")));
        }
        Map<String, JsonNode> form = Args.query(new String(body, StandardCharsets.UTF_8));
        try {
            if (action.equals("reply")) {
                String visibility = field(form, "visibility");
                if (!visibility.equals("customer") && !visibility.equals("internal")) {
                    throw FrappeException.validation("visibility must be customer or internal");
                }
                desk.comment(issue, field(form, "text"), visibility.equals("customer"));
            } else {
                desk.setIssueStatus(issue, field(form, "status"));
            }
        } catch (FrappeException e) {
            return Optional.of(Reply.html(e.status, ErrorBody.html(e)));
        }
        String back = field(form, "back").equals(ISSUE_PATH + issue) ? ISSUE_PATH + issue : "/";
        return Optional.of(Reply.html(303, page("Saved.")).withHeader("Location", back));
    }

    /**
     * An uploaded file, as the site serves {@code /files/} and (to a logged-in desk user; the page has no
     * login) {@code /private/files/}. Never sniffed, and only images shown inline: the bytes are customers'.
     */
    private Reply file(String path) {
        return files.get(path).map(bytes -> {
            String type = Optional.ofNullable(URLConnection.guessContentTypeFromName(path)).orElse("application/octet-stream");
            Reply reply = new Reply(200, type, bytes, Map.of()).withHeader("X-Content-Type-Options", "nosniff");
            return type.startsWith("image/") ? reply : reply.withHeader("Content-Disposition", "attachment");
        }).orElseGet(() -> Reply.html(404, page("File not found.")));
    }

    /** A post with no {@code Origin} (a non-browser client) or from this very host. */
    private static boolean sameOrigin(Headers headers) {
        String origin = headers.getFirst("Origin");
        String host = headers.getFirst("Host");
        return origin == null || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
    }

    private static String field(Map<String, JsonNode> form, String name) {
        JsonNode v = form.get(name);
        return v == null ? "" : v.asText();
    }

    private static String page(String text) {
        return "<!DOCTYPE html><html lang=\"en\"><body><p>" + Html.escape(text) + " <a href=\"/\">All issues</a></p></body></html>";
    }
}
