package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The emulator's page for a support lead and an agent: every Issue, newest first, as an {@link
 * IssueCard}. Server-rendered HTML with a little CSS and no script. Every value is escaped; only
 * descriptions and timeline contents are rendered, through {@link HtmlSanitizer}.
 */
final class HtmlView {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}"
            + "article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin-bottom:1rem}"
            + "h2{margin:.2rem 0 .6rem;font-size:1.2rem}h2 a{color:inherit}"
            + ".badge{display:inline-block;border-radius:999px;padding:.1rem .6rem;margin-right:.3rem;font-size:.8rem;"
            + "background:#eee}.status{background:#dbeafe}.priority{background:#fef3c7}.triage{background:#fecaca}"
            + ".description{border-left:3px solid #ddd;padding-left:.8rem;margin:.8rem 0}"
            + "ol.timeline{list-style:none;padding:0}.timeline-entry{margin:.5rem 0;padding:.5rem;border-radius:4px}"
            + "[data-kind=communication]{background:#f1f5f9}[data-kind=comment]{background:#fefce8}"
            + ".meta{color:#555;font-size:.85em}details.internal{color:#555;font-size:.85em;margin:.5rem 0}"
            + "dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}"
            + "form{margin:.5rem 0}textarea{width:100%;min-height:4rem;box-sizing:border-box}";

    private final Site site;
    private final IssueCard card;

    HtmlView(Site site) {
        this.site = site;
        this.card = new IssueCard(site);
    }

    String index() {
        return site.transaction(() -> {
            List<ObjectNode> issues = new ArrayList<>(site.table(StandardDoctypes.ISSUE).values());
            issues.sort(Comparator.comparing((ObjectNode i) -> text(i, "creation")).reversed());
            StringBuilder body = new StringBuilder("<h1>ERPNext emulator: " + issues.size() + " Issue(s)</h1>"
                    + "<p><a href=\"/\">Refresh</a></p>");
            if (issues.isEmpty()) {
                body.append("<p>No issues yet.</p>");
            }
            issues.forEach(issue -> card.render(issue, "/", body));
            return page("Issues", body.toString());
        });
    }

    String issue(String name) {
        return site.transaction(() -> site.find(StandardDoctypes.ISSUE, name)
                .map(issue -> {
                    StringBuilder body = new StringBuilder("<p><a href=\"/\">All issues</a></p>");
                    card.render(issue, "/app/issue/" + name, body);
                    return page(name, body.toString());
                })
                .orElseGet(() -> page("Not found", "<p>Issue " + Html.escape(name) + " not found. <a href=\"/\">All issues</a></p>")));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>";
    }
}
