package dev.threadline.domain;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text rules of learned cases: no phone numbers (a case is shown to other customers' agents),
 * bounded length, and the words the lexical half of retrieval compares.
 */
public final class CaseText {

    /** Seven or more digits, with the spaces, dots, dashes and brackets people write numbers with. */
    private static final Pattern PHONE = Pattern.compile("[+(]?\\d[\\d ().\\-/]{5,}\\d");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    /** Words that say nothing about a problem; kept short, in English and German like the demo's customers. */
    private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "is", "are", "was", "were", "it", "to",
            "of", "in", "on", "for", "my", "our", "we", "you", "your", "i", "me", "with", "this", "that", "not", "no",
            "can", "cannot", "can't", "please", "hi", "hello", "thanks", "thank", "be", "have", "has", "had", "do",
            "does", "did", "at", "by", "from", "again", "now", "still", "after", "since", "its", "der", "die", "das",
            "und", "ist", "nicht", "ich", "mein", "meine", "problem", "issue", "customer", "fixed", "fix");

    private CaseText() {}

    /** Replaces anything that looks like a phone number. */
    public static String scrub(String text) {
        return text == null ? "" : PHONE.matcher(text).replaceAll("[number]");
    }

    /** At most {@code max} characters, cut at a word where one is near, with an ellipsis. */
    public static String bounded(String text, int max) {
        String t = text.strip();
        if (t.length() <= max) {
            return t;
        }
        int cut = t.lastIndexOf(' ', max - 1);
        return t.substring(0, cut > max / 2 ? cut : max - 1).strip() + "…";
    }

    /** The distinct content words of a text, lowercase, accents folded, at least three characters. */
    public static Set<String> words(String text) {
        String folded = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (String w : NON_WORD.split(folded)) {
            if (w.length() >= 3 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit)) {
                out.add(w);
            }
        }
        return out;
    }
}
