package dev.threadline.emulators.erpnext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders client-written HTML (an Issue's description, a Comment's content) for the page, keeping
 * only an allow-list: {@code p br b strong i em small ul ol li}, and {@code a} with an http(s)
 * {@code href} and nothing else. Every other tag, attribute and character is escaped and shows as
 * text, and open tags are closed at the end, so client text can neither run script nor break the page.
 */
final class HtmlSanitizer {

    private static final Set<String> ALLOWED = Set.of("p", "br", "b", "strong", "i", "em", "small", "ul", "ol", "li", "a");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[^<>]*)?)\\s*/?>");
    private static final Pattern HREF = Pattern.compile("(?i)\\bhref\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});");

    private HtmlSanitizer() {}

    static String sanitize(String html) {
        if (html == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(html.length() + 32);
        Deque<String> open = new ArrayDeque<>();
        Matcher tag = TAG.matcher(html);
        int at = 0;
        while (tag.find(at)) {
            text(html.substring(at, tag.start()), out);
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            boolean closing = !tag.group(1).isEmpty();
            if (!ALLOWED.contains(name)) {
                out.append(Html.escape(tag.group()));
            } else if (closing) {
                close(name, open, out);
            } else if (name.equals("br")) {
                out.append("<br>");
            } else {
                out.append(name.equals("a") ? anchor(tag.group(3)) : "<" + name + ">");
                open.push(name);
            }
            at = tag.end();
        }
        text(html.substring(at), out);
        while (!open.isEmpty()) {
            out.append("</").append(open.pop()).append('>');
        }
        return out.toString();
    }

    /** A closing tag closes up to its opening one; one that closes nothing open is dropped. */
    private static void close(String name, Deque<String> open, StringBuilder out) {
        if (!open.contains(name)) {
            return;
        }
        String top;
        do {
            top = open.pop();
            out.append("</").append(top).append('>');
        } while (!top.equals(name));
    }

    private static String anchor(String attributes) {
        Matcher href = HREF.matcher(attributes);
        if (href.find()) {
            String url = href.group(2) != null ? href.group(2) : href.group(3) != null ? href.group(3) : href.group(4);
            String lower = url.strip().toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                return "<a href=\"" + Html.escape(url.strip()) + "\" rel=\"nofollow noopener noreferrer\">";
            }
        }
        return "<a>";
    }

    /** Text between tags: escaped, except well-formed character references, which stay as they are. */
    private static void text(String text, StringBuilder out) {
        int at = 0;
        Matcher entity = ENTITY.matcher(text);
        while (entity.find(at)) {
            out.append(Html.escape(text.substring(at, entity.start()))).append(entity.group());
            at = entity.end();
        }
        out.append(Html.escape(text.substring(at)));
    }
}
