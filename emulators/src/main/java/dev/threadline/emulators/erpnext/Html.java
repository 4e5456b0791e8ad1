package dev.threadline.emulators.erpnext;

import java.util.regex.Pattern;

/** HTML helpers for the fake: escaping for its viewer, tag stripping as Frappe's strip_html does. */
final class Html {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
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

    static String stripTags(String html) {
        return html == null ? "" : TAG.matcher(html).replaceAll("");
    }
}
