package dev.threadline.adapter.erpnext;

import dev.threadline.domain.Transcript;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Customer text as ERPNext shows it: an Issue's subject (a Data field), its description and a
 * Communication's content (Text Editor fields, which hold HTML). Every piece of customer text is
 * HTML-escaped here, the one place that builds HTML for ERPNext, and the one place that cuts a
 * subject to the Data field's length.
 */
final class IssueHtml {

    /** Frappe's Data columns are varchar(140), counted in characters (code points) (erpnext.md §9.1). */
    static final int DATA_LENGTH = 140;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private IssueHtml() {}

    /** A subject: on one line, at most 140 characters (code points), never blank (Issue requires one). */
    static String subject(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        if (oneLine.isEmpty()) {
            return "WhatsApp message";
        }
        if (oneLine.codePointCount(0, oneLine.length()) <= DATA_LENGTH) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, DATA_LENGTH - 1)).strip() + "…";
    }

    /** A Communication's subject: its first line of text, as a subject. */
    static String postSubject(Transcript transcript) {
        return "WhatsApp: " + subject(transcript.firstLine());
    }

    /** A new Issue's description: who wrote, then each message with its time and id. */
    static String description(String customerName, Transcript transcript) {
        StringBuilder html = new StringBuilder("<p><b>WhatsApp conversation</b>");
        if (customerName != null && !customerName.isBlank()) {
            html.append(" with ").append(escape(customerName));
        }
        html.append("</p>");
        appendLines(html, transcript);
        return html.toString();
    }

    /** A Communication's content: each message with its time and id, after a warning when a person should check. */
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
