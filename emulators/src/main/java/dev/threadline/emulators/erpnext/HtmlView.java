package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Documents.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The emulator's read-only viewer: Issues with their Communications and Comments in order. Every
 * value is HTML-escaped, including {@code description} and {@code content}, which hold HTML written
 * by clients: the page shows that markup as text and never renders it, so a message cannot inject
 * script into the viewer. The index refreshes itself every five seconds.
 */
final class HtmlView {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}"
            + "article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin-bottom:1rem}"
            + "dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{color:#555}"
            + "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;margin:.2rem 0}"
            + "li{margin-bottom:.6rem}.meta{color:#555;font-size:.9em}";

    private final Site site;

    HtmlView(Site site) {
        this.site = site;
    }

    String index() {
        return site.transaction(() -> {
            List<ObjectNode> issues = new ArrayList<>(site.table(StandardDoctypes.ISSUE).values());
            issues.sort(Comparator.comparing((ObjectNode i) -> text(i, "creation")).reversed());
            StringBuilder body = new StringBuilder("<h1>ErpNextFake: " + issues.size() + " Issue(s)</h1>");
            if (issues.isEmpty()) {
                body.append("<p>No issues yet.</p>");
            }
            issues.forEach(issue -> article(issue, body));
            return page("Issues", "<meta http-equiv=\"refresh\" content=\"5\">", body.toString());
        });
    }

    String issue(String name) {
        return site.transaction(() -> site.find(StandardDoctypes.ISSUE, name)
                .map(issue -> {
                    StringBuilder body = new StringBuilder("<p><a href=\"/\">All issues</a></p>");
                    article(issue, body);
                    return page(name, "", body.toString());
                })
                .orElseGet(() -> page("Not found", "", "<p>Issue " + Html.escape(name) + " not found. <a href=\"/\">All issues</a></p>")));
    }

    private void article(ObjectNode issue, StringBuilder out) {
        String name = text(issue, "name");
        out.append("<article><h2><a href=\"/app/issue/").append(Html.escape(name)).append("\">")
                .append(Html.escape(name)).append("</a> ").append(Html.escape(text(issue, "subject"))).append("</h2><dl>");
        for (String field : List.of("status", "priority", "issue_type", "raised_by", "opening_date", "modified")) {
            definition(out, field, text(issue, field));
        }
        issue.properties().forEach(e -> {
            if (e.getKey().startsWith("custom_")) {
                definition(out, e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        });
        out.append("</dl><h3>Description</h3><pre>").append(Html.escape(text(issue, "description"))).append("</pre>");
        out.append("<h3>Timeline</h3><ol>");
        for (ObjectNode entry : timeline(name)) {
            boolean comment = StandardDoctypes.COMMENT.equals(text(entry, "doctype"));
            out.append("<li><div class=\"meta\">").append(Html.escape(text(entry, "creation"))).append(" · ")
                    .append(comment ? "Comment by " + Html.escape(text(entry, "comment_by"))
                            : "Communication (" + Html.escape(text(entry, "communication_medium")) + ", "
                            + Html.escape(text(entry, "sent_or_received")) + ") " + Html.escape(text(entry, "subject")))
                    .append(comment ? "" : " · message_id " + Html.escape(text(entry, "message_id")))
                    .append("</div><pre>").append(Html.escape(text(entry, "content"))).append("</pre></li>");
        }
        out.append("</ol></article>");
    }

    private List<ObjectNode> timeline(String issueName) {
        List<ObjectNode> entries = new ArrayList<>();
        for (String doctype : List.of(StandardDoctypes.COMMUNICATION, StandardDoctypes.COMMENT)) {
            site.table(doctype).values().stream()
                    .filter(d -> StandardDoctypes.ISSUE.equals(text(d, "reference_doctype"))
                            && issueName.equals(text(d, "reference_name")))
                    .forEach(entries::add);
        }
        entries.sort(Comparator.comparing(d -> text(d, "creation")));
        return entries;
    }

    private static void definition(StringBuilder out, String term, String value) {
        if (value != null && !value.isEmpty()) {
            out.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
        }
    }

    private static String page(String title, String head, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + "</title>" + head + "<style>" + STYLE + "</style></head><body>" + body + "</body></html>";
    }
}
