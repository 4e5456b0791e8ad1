package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.threadline.application.port.ResolutionDesk;
import dev.threadline.config.Functions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import dev.threadline.domain.ResolvedTicket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link ResolutionDesk} on ERPNext (docs/contracts/erpnext.md §7.5): the Issue read whole (status,
 * subject, type, {@code resolution_details}, {@code _user_tags}), its Received Communications (the
 * customer's messages) and its Comments (the agents' replies and notes, without Threadline's own);
 * the summary written with a PUT of {@code resolution_details}, each tag with {@code add_tag}.
 *
 * <p>Listing Comments needs read on Comment, which only System Manager has (erpnext.md §8.1): without it the
 * summary is made from the Issue and the customer's messages alone.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public final class ErpNextResolutions implements ResolutionDesk {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_ENTRIES = 100;

    private final FrappeClient client;
    private final String site;

    ErpNextResolutions(FrappeClient client, ErpNextConfig config) {
        this.client = client;
        this.site = URI.create(config.url()).getAuthority();
    }

    @Override
    public ResolvedTicket read(String ticketId) {
        Deadline deadline = client.deadline();
        JsonNode issue = client.send(FrappeCall.get(FrappeCall.resource("Issue", ticketId), Map.of()), deadline).path("data");
        List<String> customer = timeline("Communication", ticketId, List.of("sent_or_received", "=", "Received"), deadline);
        List<String> agents;
        try {
            agents = timeline("Comment", ticketId, List.of("comment_type", "=", "Comment"), deadline);
        } catch (ErpNextRejection rejection) {
            if (!rejection.is(403, "PermissionError")) {
                throw rejection;
            }
            agents = List.of(); // the API user is not System Manager: learn from the Issue and the customer
        }
        String tags = issue.path("_user_tags").asText("");
        return new ResolvedTicket(ticketId, ErpNextHelpdesk.statusOf(issue.path("status").asText("")),
                issue.path("subject").asText(""), issue.path("issue_type").asText(null),
                FrappeHtml.toText(issue.path("resolution_details").asText("")),
                Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList(), customer, agents);
    }

    /** The plain text of the Issue's Communications or Comments matching {@code filter}, oldest first. */
    private List<String> timeline(String doctype, String ticketId, List<String> filter, Deadline deadline) {
        ArrayNode filters = JSON.arrayNode()
                .add(JSON.arrayNode().add("reference_doctype").add("=").add("Issue"))
                .add(JSON.arrayNode().add("reference_name").add("=").add(ticketId))
                .add(JSON.arrayNode().add(filter.get(0)).add(filter.get(1)).add(filter.get(2)));
        String fields = doctype.equals("Comment") ? "[\"content\",\"comment_by\"]" : "[\"content\"]";
        JsonNode rows = client.send(FrappeCall.get(FrappeCall.resource(doctype, null), Map.of("filters", filters.toString(),
                "fields", fields, "order_by", "creation asc", "limit_page_length", Integer.toString(MAX_ENTRIES))), deadline)
                .path("data");
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!ErpNextNotes.AUTHOR.equals(row.path("comment_by").asText(null))) { // never learn from our own notes
                out.add(FrappeHtml.toText(row.path("content").asText("")));
            }
        }
        return out;
    }

    @Override
    public void writeResolution(String ticketId, String text) {
        client.send(FrappeCall.put(FrappeCall.resource("Issue", ticketId),
                JSON.objectNode().put("resolution_details", ErpNextNotes.html(text))), client.deadline());
    }

    @Override
    public void addTags(String ticketId, List<String> tags) {
        Deadline deadline = client.deadline();
        for (String tag : tags) {
            client.send(FrappeCall.post(FrappeCall.method("frappe.desk.doctype.tag.tag.add_tag"),
                    JSON.objectNode().put("tag", tag).put("dt", "Issue").put("dn", ticketId)), deadline);
        }
    }

    @Override
    public String site() {
        return site;
    }
}
