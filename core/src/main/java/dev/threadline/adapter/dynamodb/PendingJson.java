package dev.threadline.adapter.dynamodb;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.PendingEffect;
import dev.threadline.domain.PendingEffect.AppendToTicket;
import dev.threadline.domain.PendingEffect.NoteOnTicket;
import dev.threadline.domain.PendingEffect.OpenTicket;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Transcript;
import java.time.Instant;
import java.util.List;

/**
 * The session's pending effect as a flat JSON document (the {@code pending} attribute), so the
 * domain needs no annotations. It holds plain text: the transcript's lines and the customer's name.
 *
 * <p>Documents written before the helpdesk port took plain text hold the rendered HTML instead
 * ({@code html}). Such a document can still be in the table when this version is deployed: an
 * effect stays pending while ERPNext is down or not set up, for hours. {@link LegacyPendingHtml}
 * reads the transcript back out of that HTML, exactly, so the effect is finished as decided.
 */
final class PendingJson {

    /**
     * One document; {@code lines} and {@code customerName} are new, {@code html} and {@code subject}
     * legacy (read, never written). Unknown fields are ignored: the legacy {@code firstMessageAt} too.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Doc(String type, List<String> messageIds, long lastMessageAt, String phone, long claimedAtMillis,
               String summary, String customerName, List<Line> lines, String priority, String issueType,
               String idempotencyKey, Boolean needsTriage, Long openedAt, String ticketId, String postKey,
               Boolean reopens, Boolean flagged, List<String> texts, String html, String subject) {}

    /** A transcript line; {@code at} in ISO-8601, exact to the nanosecond. */
    record Line(String id, String at, String text) {}

    private final ObjectMapper json;

    PendingJson(ObjectMapper json) {
        this.json = json;
    }

    String write(PendingEffect effect) {
        PendingEffect.Turn t = effect.turn();
        Doc doc = switch (effect) {
            case OpenTicket o -> new Doc("open", t.messageIds(), t.lastMessageAt().getEpochSecond(), t.phone(),
                    t.claimedAt().toEpochMilli(), o.summary(), o.customerName(), lines(o.transcript()), o.priority().name(),
                    o.issueType(), o.idempotencyKey(), o.needsTriage(), o.openedAt().getEpochSecond(),
                    null, null, null, null, t.texts(), null, null);
            case AppendToTicket a -> new Doc("append", t.messageIds(), t.lastMessageAt().getEpochSecond(), t.phone(),
                    t.claimedAt().toEpochMilli(), null, null, lines(a.transcript()), null, null, null, null, null,
                    a.ticketId(), a.postKey(), a.reopens(), a.flagged(), t.texts(), null, null);
            // A note's marker travels as its post key, its text as the summary.
            case NoteOnTicket n -> new Doc("note", t.messageIds(), t.lastMessageAt().getEpochSecond(), t.phone(),
                    t.claimedAt().toEpochMilli(), n.text(), null, List.of(), null, null, null, null, null,
                    n.ticketId(), n.marker(), null, null, t.texts(), null, null);
        };
        try {
            return json.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pending effect always serialises", e);
        }
    }

    PendingEffect read(String text) {
        Doc d;
        try {
            d = json.readValue(text, Doc.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored pending effect is unreadable", e);
        }
        PendingEffect.Turn turn = new PendingEffect.Turn(d.messageIds(), Instant.ofEpochSecond(d.lastMessageAt()),
                d.phone(), Instant.ofEpochMilli(d.claimedAtMillis()), d.texts());
        LegacyPendingHtml legacy = d.lines() == null ? LegacyPendingHtml.parse(d.html()) : null;
        Transcript transcript = legacy == null ? transcript(d.lines()) : legacy.transcript();
        return switch (d.type()) {
            case "open" -> new OpenTicket(turn, d.summary(), legacy == null ? d.customerName() : legacy.customerName(),
                    transcript, Priority.valueOf(d.priority()), d.issueType(), d.idempotencyKey(), d.needsTriage(),
                    Instant.ofEpochSecond(d.openedAt()));
            case "append" -> new AppendToTicket(turn, d.ticketId(), d.postKey(), transcript, d.reopens(), d.flagged());
            case "note" -> new NoteOnTicket(turn, d.ticketId(), d.postKey(), d.summary());
            default -> throw new IllegalStateException("unknown pending effect type " + d.type());
        };
    }

    private static List<Line> lines(Transcript transcript) {
        return transcript.lines().stream().map(l -> new Line(l.messageId(), l.at().toString(), l.text())).toList();
    }

    private static Transcript transcript(List<Line> lines) {
        return new Transcript(lines.stream().map(l -> new Transcript.Line(l.id(), Instant.parse(l.at()), l.text())).toList());
    }
}
