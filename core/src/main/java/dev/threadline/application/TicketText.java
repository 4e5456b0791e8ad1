package dev.threadline.application;

import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Text;
import dev.threadline.domain.Transcript;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders customer messages for the helpdesk. Every piece of customer text is HTML-escaped here,
 * before it reaches ERPNext's HTML fields; nothing else in the pipeline builds HTML.
 */
final class TicketText {

    static final int MAX_SUBJECT = 140;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

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

    /** The summary as a subject: whitespace collapsed, at most 140 characters, never blank. */
    static String subject(String summary) {
        String collapsed = summary == null ? "" : summary.strip().replaceAll("\\s+", " ");
        if (collapsed.isEmpty()) {
            return "WhatsApp message";
        }
        if (collapsed.length() <= MAX_SUBJECT) {
            return collapsed;
        }
        return Text.prefix(collapsed, MAX_SUBJECT - 1) + "…";
    }

    /** A new ticket's description: who wrote, then each message with its time and id. */
    static String description(String profileName, Transcript transcript) {
        StringBuilder html = new StringBuilder("<p><b>WhatsApp conversation</b>");
        if (profileName != null && !profileName.isBlank()) {
            html.append(" with ").append(escape(profileName));
        }
        html.append("</p>");
        appendLines(html, transcript);
        return html.toString();
    }

    /** A post on an existing ticket: each message with its time and id, flagged when a person should check. */
    static String post(Transcript transcript, boolean flagged) {
        StringBuilder html = new StringBuilder();
        if (flagged) {
            html.append("<p><b>⚠ Threadline could not decide whether this continues the issue.</b> "
                    + "It was added here by default; please check and split it if it is a new issue.</p>");
        }
        appendLines(html, transcript);
        return html.toString();
    }

    private static void appendLines(StringBuilder html, Transcript transcript) {
        for (Transcript.Line line : transcript.lines()) {
            html.append("<p><b>").append(TIME.format(line.at())).append("</b> <small>")
                    .append(escape(line.messageId())).append("</small><br>")
                    .append(escape(line.text()).replace("\r\n", "\n").replace("\n", "<br>"))
                    .append("</p>");
        }
    }

    /** Escapes the five HTML-significant characters. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
