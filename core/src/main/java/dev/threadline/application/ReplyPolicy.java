package dev.threadline.application;

import java.util.Locale;

/**
 * The settings of the agents' side of the conversation, as plain values.
 *
 * @param marker the text that starts an agent's Comment meant for the customer ({@code REPLY_MARKER},
 *     default {@code reply:} when unset or blank); compared ignoring case and leading blanks. Every other Comment is an
 *     internal note and never leaves the helpdesk
 */
public record ReplyPolicy(String marker) {

    public static final String DEFAULT_MARKER = "reply:";

    public ReplyPolicy {
        marker = marker == null || marker.isBlank() ? DEFAULT_MARKER : marker.strip();
    }

    /** The reply in an agent's comment, without the marker; {@code null} when the comment is internal. */
    public String replyIn(String comment) {
        String text = comment == null ? "" : comment.strip();
        if (!text.toLowerCase(Locale.ROOT).startsWith(marker.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return text.substring(marker.length()).strip();
    }
}
