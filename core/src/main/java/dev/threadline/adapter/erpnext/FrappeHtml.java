package dev.threadline.adapter.erpnext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of a Frappe Text Editor value (a Comment's {@code content}): what an agent typed,
 * as the customer should read it on WhatsApp. Block ends become line breaks, tags go, entities are
 * decoded.
 */
final class FrappeHtml {

    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|h[1-6])>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos|nbsp|#39);");

    private FrappeHtml() {}

    static String toText(String html) {
        String text = TAG.matcher(BREAK.matcher(html).replaceAll("\n")).replaceAll("");
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(decode(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().replaceAll("[ \\t\\x0B\\f\\r]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String decode(String entity) {
        return switch (entity) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos", "#39" -> "'";
            case "nbsp" -> " ";
            default -> {
                int code = entity.startsWith("#x") ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1));
                yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "";
            }
        };
    }
}
