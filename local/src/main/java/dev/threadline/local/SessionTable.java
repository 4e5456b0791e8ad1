package dev.threadline.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** {@code ./threadline session <key>} as people read it: the session, then tickets, then decisions. */
final class SessionTable {

    private SessionTable() {}

    /** The one sentence for a key that is not {@code <phone_number_id>:<user>}. */
    static String badKey(String key) {
        return "'" + key + "' is not a customer key: expected <phone_number_id>:<user>, e.g. "
                + Demo.PHONE_NUMBER_ID + ":4915112345678";
    }

    /** The view {@code GET /ops/customers/{key}} answers, as text. */
    static String render(JsonNode view) {
        StringBuilder out = new StringBuilder();
        JsonNode s = view.path("session");
        out.append("Customer ").append(view.path("customer").asText()).append('\n');
        if (s.path("version").asLong() == 0) {
            return out.append("  no session: this customer has sent nothing yet (or the key is mistyped)\n").toString();
        }
        out.append(String.format("  session   %s, open ticket %s, last message %s, version %d%s%n",
                s.path("session_status").asText(), s.path("open_ticket_id").asText("none"),
                time(s.path("last_activity_timestamp").asText(null)), s.path("version").asLong(),
                s.path("pending").isNull() || s.path("pending").isMissingNode() ? ""
                        : ", an effect is being applied (" + s.path("pending").asText() + ")"));
        out.append("  summary   ").append(s.path("last_issue_summary").asText("-")).append("\n\nTickets\n");
        out.append(String.format("  %-16s %-19s %-19s %s%n", "TICKET", "OPENED (UTC)", "CLOSED (UTC)", "OPENING MESSAGE"));
        for (JsonNode t : view.path("tickets")) {
            out.append(String.format("  %-16s %-19s %-19s %s%n", t.path("ticket").asText(), time(t.path("opened_at").asText(null)),
                    time(t.path("closed_at").asText(null)), t.path("opening_message").asText("-")));
        }
        out.append("\nDecisions (one per ticket effect; a burst of messages shares one)\n");
        out.append(String.format("  %-19s %-4s %-6s %-9s %-5s %-16s %s%n",
                "DECIDED (UTC)", "MSGS", "KIND", "STAGE", "SURE", "TICKET", "REASON"));
        for (JsonNode d : view.path("decisions")) {
            out.append(String.format("  %-19s %-4d %-6s %-9s %-5s %-16s %s%n", time(d.path("decided_at").asText(null)),
                    d.path("messages").size(), d.path("decision").asText(), d.path("stage").asText().toLowerCase(Locale.ROOT),
                    d.path("confidence").isNumber() ? Math.round(d.path("confidence").asDouble() * 100) + " %" : "-",
                    d.path("ticket").asText("?"), d.path("reason").asText()));
        }
        return out.toString();
    }

    /** "2026-05-01T10:15:30.123Z" as "2026-05-01 10:15:30". */
    private static String time(String iso) {
        if (iso == null || iso.length() < 19) {
            return "-";
        }
        return iso.substring(0, 10) + " " + iso.substring(11, 19);
    }
}
