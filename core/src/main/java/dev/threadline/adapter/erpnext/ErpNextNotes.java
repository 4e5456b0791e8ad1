package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Threadline's internal notes on an Issue: Comments added with {@code add_comment}, which every user
 * who can read the Issue may call and which fires no Issue webhook (docs/contracts/erpnext.md §3.8),
 * updated in place with a {@code PUT} on the Comment where the API user may write Comments.
 */
final class ErpNextNotes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The name the notes are signed with in the timeline. */
    static final String AUTHOR = "Threadline";

    private final FrappeClient client;

    ErpNextNotes(FrappeClient client) {
        this.client = client;
    }

    String add(String ticketId, String text) {
        ObjectNode args = JSON.objectNode()
                .put("reference_doctype", "Issue")
                .put("reference_name", ticketId)
                .put("content", html(text))
                .put("comment_email", "") // Frappe fills in the API user
                .put("comment_by", AUTHOR);
        return client.send(FrappeCall.post(FrappeCall.method("frappe.desk.form.utils.add_comment"), args), client.deadline())
                .path("message").path("name").asText();
    }

    /** Lists the Issue's Comments holding {@code marker} (erpnext.md §8.1); only System Managers may read Comments. */
    boolean has(String ticketId, String marker) {
        try {
            return client.exists("Comment", "reference", ticketId, "content", "like", "%" + IssueHtml.escape(marker) + "%",
                    client.deadline());
        } catch (ErpNextRejection rejection) {
            if (!rejection.is(403, "PermissionError")) {
                throw rejection;
            }
            return false; // cannot tell: the note may be added twice, never lost (the port says so)
        }
    }

    String update(String ticketId, String noteId, String text) {
        if (noteId != null) {
            try {
                client.send(FrappeCall.put(FrappeCall.resource("Comment", noteId), JSON.objectNode().put("content", html(text))),
                        client.deadline());
                return noteId;
            } catch (ErpNextRejection rejection) {
                if (!rejection.is(403, "PermissionError") && !rejection.is(404, "DoesNotExistError")) {
                    throw rejection;
                }
                // The API user may not edit Comments (only System Managers may), or the note was deleted: add one.
            }
        }
        return add(ticketId, text);
    }

    /** Plain text as one escaped paragraph per line; Frappe sanitises Comment HTML, we escape before it. */
    static String html(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            out.append("<p>").append(IssueHtml.escape(line)).append("</p>");
        }
        return out.toString();
    }
}
