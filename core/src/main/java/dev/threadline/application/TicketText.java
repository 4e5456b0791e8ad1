package dev.threadline.application;

import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Transcript;
import java.util.List;

/**
 * What customer messages say, in plain text: for the judge, the classifier and the helpdesk. Nothing
 * here is escaped or cut: each adapter renders text for its own system (ERPNext's HTML and field
 * limits live in {@code adapter/erpnext}).
 */
final class TicketText {

    private TicketText() {}

    /** What a message says, for people and the LLM: its text, or a placeholder naming its type and media. */
    static Transcript transcript(List<InboundMessage> messages) {
        return new Transcript(messages.stream()
                .map(m -> new Transcript.Line(m.messageId(), m.sentAt(), lineText(m)))
                .toList());
    }

    private static String lineText(InboundMessage m) {
        String text = text(m);
        // Media ids on a line of their own, so they never become the summary (the first line).
        return m.mediaIds().isEmpty() || "text".equals(m.type()) ? text : text + "\n(media " + String.join(", ", m.mediaIds()) + ")";
    }

    /** What the customer said, as a judge reads it: the text, or "[image] caption" for other types. */
    static String text(InboundMessage m) {
        if ("text".equals(m.type())) {
            return m.text() == null ? "" : m.text();
        }
        String label = "[" + m.type() + "]";
        return m.text() == null ? label : label + " " + m.text();
    }
}
