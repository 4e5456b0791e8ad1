package dev.threadline.domain;

/**
 * What Threadline sends as WhatsApp's {@code biz_opaque_callback_data} with each outbound message,
 * and gets back in that message's status webhooks: which reply, on which ticket, and whether the
 * message was the reply itself or the template that asks the customer to write.
 * Form: {@code tl1|<ticket id>|<reply key>|<r or t>} (at most 512 characters).
 */
public record ReplyCallback(String ticketId, String replyKey, boolean template) {

    private static final String PREFIX = "tl1|";

    public String encode() {
        return PREFIX + ticketId + "|" + replyKey + "|" + (template ? "t" : "r");
    }

    /** The callback of a Threadline message, or {@code null} for anything else (other senders on the number). */
    public static ReplyCallback parse(String data) {
        if (data == null || !data.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = data.substring(PREFIX.length()).split("\\|", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || !(parts[2].equals("r") || parts[2].equals("t"))) {
            return null;
        }
        return new ReplyCallback(parts[0], parts[1], parts[2].equals("t"));
    }
}
