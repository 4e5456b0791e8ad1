package dev.threadline.adapter.dynamodb;

import dev.threadline.domain.Transcript;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a transcript back out of the HTML that pending effects stored before the helpdesk port took
 * plain text (see {@link PendingJson}). That HTML had one fixed shape: an optional heading
 * ({@code <p><b>WhatsApp conversation</b> with NAME</p>}) or warning, then per message
 * {@code <p><b>TIME UTC</b> <small>ID</small><br>TEXT</p>}, where NAME, ID and TEXT were escaped
 * (so none holds a {@code <}) and TEXT's line breaks were {@code <br>}. Rendering the parsed
 * transcript again gives the same HTML, so a recovered effect posts what was decided.
 */
record LegacyPendingHtml(String customerName, Transcript transcript) {

    private static final Pattern HEADING = Pattern.compile("^<p><b>WhatsApp conversation</b>(?: with ([^<]*))?</p>");
    private static final Pattern LINE = Pattern.compile(
            "<p><b>(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC</b> <small>([^<]*)</small><br>((?:[^<]|<br>)*)</p>");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static LegacyPendingHtml parse(String html) {
        if (html == null) {
            throw new IllegalStateException("stored pending effect has neither lines nor html");
        }
        Matcher heading = HEADING.matcher(html);
        String name = heading.find() && heading.group(1) != null ? unescape(heading.group(1)) : null;
        List<Transcript.Line> lines = new ArrayList<>();
        Matcher line = LINE.matcher(html);
        while (line.find()) {
            Instant at = LocalDateTime.parse(line.group(1), TIME).toInstant(ZoneOffset.UTC);
            lines.add(new Transcript.Line(unescape(line.group(2)), at, unescape(line.group(3).replace("<br>", "\n"))));
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException("stored pending effect's html holds no message");
        }
        return new LegacyPendingHtml(name, new Transcript(lines));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
