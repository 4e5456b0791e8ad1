package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One Issue on the page: subject and badges (status, priority, "needs triage"), the sanitised
 * description, the timeline of Communications and Comments oldest first, the internal fields behind
 * a toggle, and the agent's forms (reply to the customer or add an internal note; set the status).
 */
final class IssueCard {

    private final Site site;

    IssueCard(Site site) {
        this.site = site;
    }

    /** @param back the page the forms return to */
    void render(ObjectNode issue, String back, StringBuilder out) {
        String name = Html.escape(text(issue, "name"));
        out.append("<article data-issue=\"").append(name).append("\"><h2><a href=\"/app/issue/").append(name).append("\">")
                .append(name).append("</a> ").append(Html.escape(text(issue, "subject"))).append("</h2><p>")
                .append(badge("status", text(issue, "status")))
                .append(badge("priority", text(issue, "priority") == null ? "no priority" : text(issue, "priority")));
        if (Values.cint(issue.get("custom_needs_triage")) != 0) {
            out.append(badge("triage", "needs triage"));
        }
        out.append("</p><div class=\"description\">").append(HtmlSanitizer.sanitize(text(issue, "description")))
                .append("</div>");
        resolution(issue, out);
        timeline(text(issue, "name"), out);
        attachments(text(issue, "name"), out);
        internal(issue, out);
        forms(name, Html.escape(back), text(issue, "status"), out);
        out.append("</article>");
    }

    /** What the ticket taught: its tags and resolution details (README, "Resolution learning"). */
    private static void resolution(ObjectNode issue, StringBuilder out) {
        List<String> tags = Tags.of(issue);
        if (!tags.isEmpty()) {
            out.append("<p class=\"tags\">");
            tags.forEach(t -> out.append(badge("tag", t)));
            out.append("</p>");
        }
        String details = text(issue, "resolution_details");
        if (details != null && !details.isBlank()) {
            out.append("<div class=\"resolution\"><h3>Resolution details</h3>").append(HtmlSanitizer.sanitize(details))
                    .append("</div>");
        }
    }

    private static String badge(String kind, String value) {
        return "<span class=\"badge " + kind + "\">" + Html.escape(value) + "</span>";
    }

    private void timeline(String issueName, StringBuilder out) {
        out.append("<ol class=\"timeline\">");
        for (ObjectNode entry : entries(issueName)) {
            boolean comment = StandardDoctypes.COMMENT.equals(text(entry, "doctype"));
            out.append("<li class=\"timeline-entry\" data-kind=\"").append(comment ? "comment" : "communication")
                    .append("\"><div class=\"meta\">").append(Html.escape(text(entry, "creation"))).append(" · ")
                    .append(comment ? "Comment by " + Html.escape(text(entry, "comment_by"))
                            : "Customer message (" + Html.escape(text(entry, "communication_medium")) + ", "
                            + Html.escape(text(entry, "sent_or_received")) + ")")
                    .append("</div>").append(HtmlSanitizer.sanitize(text(entry, "content"))).append("</li>");
        }
        out.append("</ol>");
    }

    /** The Issue's Files (erpnext.md §17), each a download link; images also as a small preview. */
    private void attachments(String issueName, StringBuilder out) {
        List<ObjectNode> files = site.table(StandardDoctypes.FILE).values().stream()
                .filter(f -> StandardDoctypes.ISSUE.equals(text(f, "attached_to_doctype")) && issueName.equals(text(f, "attached_to_name"))
                        && text(f, "file_url") != null && text(f, "file_url").startsWith("/"))
                .toList();
        if (files.isEmpty()) {
            return;
        }
        out.append("<ul class=\"attachments\">");
        for (ObjectNode f : files) {
            String url = Html.escape(text(f, "file_url"));
            String name = Html.escape(text(f, "file_name"));
            out.append("<li class=\"attachment\"><a href=\"").append(url).append("\">");
            String type = java.net.URLConnection.guessContentTypeFromName(text(f, "file_url"));
            if (type != null && type.startsWith("image/")) {
                out.append("<img src=\"").append(url).append("\" alt=\"").append(name).append("\" width=\"120\" loading=\"lazy\"> ");
            }
            out.append(name).append("</a> <span class=\"size\">").append(Values.cint(f.get("file_size")) / 1024 + 1)
                    .append(" KB</span></li>");
        }
        out.append("</ul>");
    }

    private List<ObjectNode> entries(String issueName) {
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

    /** Names, dates and Threadline's custom fields: useful when debugging, noise for an agent. */
    private static void internal(ObjectNode issue, StringBuilder out) {
        out.append("<details class=\"internal\"><summary>Internal fields</summary><dl>");
        for (String field : List.of("name", "issue_type", "raised_by", "opening_date", "creation", "modified")) {
            definition(out, field, text(issue, field));
        }
        issue.properties().forEach(e -> {
            if (e.getKey().startsWith("custom_")) {
                definition(out, e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        });
        out.append("</dl></details>");
    }

    private static void definition(StringBuilder out, String term, String value) {
        if (value != null && !value.isEmpty()) {
            out.append("<dt>").append(Html.escape(term)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
        }
    }

    private static void forms(String name, String back, String status, StringBuilder out) {
        String action = "/app/issue/" + name;
        out.append("<form class=\"reply\" method=\"post\" action=\"").append(action).append("/reply\" data-issue=\"")
                .append(name).append("\"><input type=\"hidden\" name=\"back\" value=\"").append(back).append("\">")
                .append("<textarea name=\"text\" required placeholder=\"Write to the customer, or a note for the team\">")
                .append("</textarea><button name=\"visibility\" value=\"customer\">Reply to customer</button> ")
                .append("<button name=\"visibility\" value=\"internal\">Internal note</button></form>")
                .append("<form class=\"status\" method=\"post\" action=\"").append(action).append("/status\" data-issue=\"")
                .append(name).append("\"><input type=\"hidden\" name=\"back\" value=\"").append(back)
                .append("\"><select name=\"status\">");
        for (String s : Desk.STATUSES) {
            out.append("<option").append(s.equals(status) ? " selected" : "").append(">").append(Html.escape(s))
                    .append("</option>");
        }
        out.append("</select> <button>Set status</button></form>");
    }
}
