package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an agent does in the desk: reply on an Issue, set its status, delete it. Each is one
 * transaction through the same insert and save paths as the REST API, so validation and Webhooks
 * apply as they do there (erpnext.md §10.2).
 */
final class Desk {

    /** The desk user the page acts as: not Threadline's API user, so Threadline can tell its own Comments apart. */
    static final Session AGENT = new Session("Administrator", StandardDoctypes.ALL_ROLES);
    static final List<String> STATUSES = List.of(StandardDoctypes.ISSUE_STATUSES.split("\n"));

    private final Site site;
    private final Documents documents;
    private final String replyMarker;

    Desk(Site site, Documents documents, String replyMarker) {
        this.site = site;
        this.documents = documents;
        this.replyMarker = replyMarker;
    }

    /** Sets an Issue's status as a desk save would (validated, {@code modified} bumped, on_update and on_change). */
    void setIssueStatus(String name, String status) {
        site.transaction(() -> documents.update(AGENT, StandardDoctypes.ISSUE, name,
                JsonNodeFactory.instance.objectNode().put("status", status)));
    }

    void deleteIssue(String name) {
        site.transaction(() -> documents.delete(AGENT, StandardDoctypes.ISSUE, name));
    }

    /**
     * A Comment on the Issue: {@code <p>marker text</p>} when it is for the customer, {@code <p>text</p>}
     * when internal, the text HTML-escaped. Threadline sends the first kind to WhatsApp.
     */
    ObjectNode comment(String issue, String text, boolean forCustomer) {
        if (text == null || text.isBlank()) {
            throw FrappeException.validation("The reply is empty");
        }
        String content = "<p>" + (forCustomer ? replyMarker + " " : "") + Html.escape(text) + "</p>";
        ObjectNode values = JsonNodeFactory.instance.objectNode()
                .put("comment_type", "Comment")
                .put("reference_doctype", StandardDoctypes.ISSUE)
                .put("reference_name", issue)
                .put("content", content)
                .put("comment_by", AGENT.user());
        return site.transaction(() -> {
            site.get(StandardDoctypes.ISSUE, issue);
            return documents.insert(AGENT, StandardDoctypes.COMMENT, values, false);
        });
    }
}
