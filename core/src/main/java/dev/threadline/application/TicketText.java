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

    /** What a message says, for people and the LLM: its content as text (each kind renders itself). */
    static Transcript transcript(List<InboundMessage> messages) {
        return new Transcript(messages.stream()
                .map(m -> new Transcript.Line(m.messageId(), m.sentAt(), text(m)))
                .toList());
    }

    /** The customer as agents see them: the WhatsApp profile name and, when they chose one, their username. */
    static String customerName(String profileName, String username) {
        if (username == null) {
            return profileName;
        }
        return profileName == null ? "@" + username : profileName + " (@" + username + ")";
    }

    /** What the customer said, as a judge reads it. */
    static String text(InboundMessage m) {
        String text = m.content().text();
        return text == null ? "" : text;
    }
}
