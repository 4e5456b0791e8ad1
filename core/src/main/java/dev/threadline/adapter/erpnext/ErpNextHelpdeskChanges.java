package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.threadline.application.AcceptHelpdeskEvent.Change;
import dev.threadline.application.port.HelpdeskChanges;
import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link HelpdeskChanges} through Frappe's list API (docs/contracts/erpnext.md §3.3, §10.6): {@code GET
 * /api/resource/Comment} (agents' comments on Issues) and {@code GET /api/resource/Issue}, in
 * {@code modified asc, name asc} order, {@code modified} compared as Frappe stores it (site-local
 * text that sorts as time).
 *
 * <p>"After a position" is two queries joined with AND only, because Frappe v15 ORs {@code
 * or_filters} with the whole of {@code filters} rather than grouping them: first the documents that
 * share the position's {@code modified} with a greater {@code name}, then those with a later {@code
 * modified}. So a run of equal {@code modified} values longer than a page is still read through.
 * Names are compared by the database, in its own collation, never here.
 *
 * <p>Listing Comments needs read permission on Comment, which only System Manager and Website
 * Manager hold (erpnext.md §8.1); without it the comments feed fails with a 403 and the ticket feed goes on.
 */
@Singleton
@Requires(condition = Functions.PollsHelpdesk.class)
public class ErpNextHelpdeskChanges implements HelpdeskChanges {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FrappeClient client;

    ErpNextHelpdeskChanges(FrappeClient client) {
        this.client = client;
    }

    @Override
    public List<Change> after(Feed feed, Position position, int limit) {
        List<Change> out = new ArrayList<>();
        if (!position.equals(Position.START)) {
            out.addAll(list(feed, filters(feed).add(condition("modified", "=", position.modified()))
                    .add(condition("name", ">", position.name())), "name asc", limit));
        }
        if (out.size() < limit) {
            ArrayNode later = filters(feed);
            if (!position.equals(Position.START)) {
                later.add(condition("modified", ">", position.modified()));
            }
            out.addAll(list(feed, later, "modified asc, name asc", limit - out.size()));
        }
        return out;
    }

    @Override
    public Position newest(Feed feed) {
        List<Change> last = list(feed, filters(feed), "modified desc, name desc", 1);
        return last.isEmpty() ? Position.START : Position.after(last.get(0));
    }

    private List<Change> list(Feed feed, ArrayNode filters, String orderBy, int limit) {
        String doctype = feed == Feed.COMMENTS ? "Comment" : "Issue";
        String fields = feed == Feed.COMMENTS ? "[\"name\",\"modified\",\"reference_name\",\"content\"]"
                : "[\"name\",\"modified\",\"status\"]";
        JsonNode rows = client.send(FrappeCall.get(FrappeCall.resource(doctype, null), Map.of(
                "fields", fields, "filters", filters.toString(), "order_by", orderBy,
                "limit_page_length", Integer.toString(limit))), client.deadline()).path("data");
        List<Change> out = new ArrayList<>();
        for (JsonNode row : rows) {
            String name = row.path("name").asText();
            String modified = row.path("modified").asText();
            out.add(feed == Feed.COMMENTS
                    ? FrappeWebhook.comment(name, modified, row.path("reference_name").asText(), row.path("content").asText(""))
                    : FrappeWebhook.ticket(name, modified, row.path("status").asText("")));
        }
        return out;
    }

    /** The conditions of the webhooks' Comment Webhook (erpnext.md §10.5): agents' comments on Issues only. */
    private static ArrayNode filters(Feed feed) {
        ArrayNode filters = JSON.arrayNode();
        if (feed == Feed.COMMENTS) {
            filters.add(condition("reference_doctype", "=", "Issue")).add(condition("comment_type", "=", "Comment"));
        }
        return filters;
    }

    private static ArrayNode condition(String field, String operator, String value) {
        return JSON.arrayNode().add(field).add(operator).add(value);
    }
}
