package dev.threadline.application;

import dev.threadline.application.port.CaseSummarizer;
import dev.threadline.domain.CaseRecord;
import dev.threadline.domain.CaseText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The offline resolution summary: no model, no network, the same answer every time (so a redelivered
 * event cannot produce a second, different summary). The problem is the ticket's opening summary; the
 * cause is the first agent sentence that gives one ("because", "caused by", "due to"); the fix is the
 * agent's last customer-visible reply, else their last internal note. Tags: the issue type, then the
 * ticket's most frequent content word.
 */
public final class ExtractiveSummarizer implements CaseSummarizer {

    public static final String BY = "offline";
    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern CAUSE = Pattern.compile("(?i)\\b(because|caused by|due to|the cause|root cause|weil|wegen)\\b");
    private static final int PART_CHARS = 320;

    @Override
    public Summary summarize(Input in) {
        String problem = in.subject().isBlank() && !in.customerMessages().isEmpty() ? in.customerMessages().get(0) : in.subject();
        List<String> agents = new ArrayList<>(in.replies());
        agents.addAll(in.notes());
        String cause = agents.stream().flatMap(t -> SENTENCE.splitAsStream(t)).filter(s -> CAUSE.matcher(s).find())
                .findFirst().orElse(null);
        String fix = !in.replies().isEmpty() ? in.replies().getLast() : !in.notes().isEmpty() ? in.notes().getLast() : null;
        StringBuilder text = new StringBuilder("Problem: ").append(part(problem));
        if (cause != null && !cause.equals(fix)) {
            text.append("\nCause: ").append(part(cause));
        }
        text.append("\nFix: ").append(fix == null ? "not recorded" : part(fix));
        return new Summary(CaseText.bounded(CaseText.scrub(text.toString()), CaseRecord.MAX_SUMMARY_CHARS),
                tags(in, problem, fix), BY);
    }

    static List<String> tags(Input in, String problem, String fix) {
        List<String> tags = new ArrayList<>();
        String type = in.issueType() == null ? "" : tag(in.issueType());
        if (!type.isEmpty()) {
            tags.add(type);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>(List.of(problem, problem));
        texts.addAll(in.customerMessages());
        if (fix != null) {
            texts.add(fix);
        }
        texts.forEach(t -> CaseText.words(t).forEach(w -> counts.merge(w, 1, Integer::sum)));
        counts.entrySet().stream().filter(e -> !tags.contains(e.getKey()) && e.getKey().length() <= 20)
                .max(Map.Entry.comparingByValue()) // the first of equal counts: an earlier word wins
                .ifPresent(e -> tags.add(e.getKey()));
        return tags.stream().limit(CaseRecord.MAX_TAGS).toList();
    }

    /** A helpdesk tag: lowercase, one or two words joined by a dash. */
    static String tag(String text) {
        String[] words = text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd} -]", "").split("[ -]+");
        return String.join("-", List.of(words).subList(0, Math.min(2, words.length))).replaceAll("^-|-$", "");
    }

    private static String part(String text) {
        return CaseText.bounded(text.replaceAll("\\s+", " "), PART_CHARS);
    }
}
