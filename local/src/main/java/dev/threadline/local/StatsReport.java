package dev.threadline.local;

import static dev.threadline.application.port.DailyStats.DECISION_PREFIX;
import static dev.threadline.application.port.DailyStats.STAGE_PREFIX;

import dev.threadline.application.port.DailyStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures a support lead asks for, over a range of days: computed from the daily counters
 * ({@link DailyStats}), the open sessions and the dead-letter queue's depth. One source for the
 * {@code ./threadline stats} text, the {@code /ops/stats} JSON and the {@code /stats} page.
 */
record StatsReport(List<DailyStats.Day> days, long openSessions, long deadLettered) {

    static final List<String> KINDS = List.of("FIRST", "SAME", "NEW");
    static final List<String> STAGES = List.of("RULE", "OFFLINE", "LLM", "FALLBACK");
    /** What the reply figures say before any agent reply reached a customer in the range. */
    static final String NO_REPLIES = "none yet (an agent's Comment starting with 'reply:' that WhatsApp accepted)";

    long total(String counter) {
        return days.stream().mapToLong(d -> d.get(counter)).sum();
    }

    long decisions() {
        return KINDS.stream().mapToLong(k -> total(DECISION_PREFIX + k)).sum();
    }

    /** Decisions the judge was asked for (SAME or NEW); FIRST is the rule's. */
    long judged() {
        return total(DECISION_PREFIX + "SAME") + total(DECISION_PREFIX + "NEW");
    }

    /** {@code part / whole} in percent, or null when there is nothing to divide. */
    static Long percent(long part, long whole) {
        return whole == 0 ? null : Math.round(100.0 * part / whole);
    }

    Long fallbackRate() {
        return percent(total(STAGE_PREFIX + "FALLBACK"), judged());
    }

    Long triageRate() {
        return percent(total(DailyStats.TICKETS_NEEDING_TRIAGE), total(DailyStats.TICKETS_OPENED));
    }

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", days.get(0).date().toString());
        out.put("to", days.get(days.size() - 1).date().toString());
        Map<String, Long> perDay = new LinkedHashMap<>();
        days.forEach(d -> perDay.put(d.date().toString(), d.get(DailyStats.TICKETS_OPENED)));
        out.put("tickets_opened_per_day", perDay);
        out.put("tickets_opened", total(DailyStats.TICKETS_OPENED));
        out.put("messages_applied", total(DailyStats.MESSAGES_APPLIED));
        out.put("decisions", counts(DECISION_PREFIX, KINDS));
        out.put("stages", counts(STAGE_PREFIX, STAGES));
        out.put("fallback_rate_percent", fallbackRate());
        out.put("triage_rate_percent", triageRate());
        out.put("open_sessions", openSessions);
        out.put("dead_lettered_jobs", deadLettered);
        out.put("time_to_first_agent_reply", firstReplyJson(DailyStats.FirstReplyTimes.of(days)));
        return out;
    }

    DailyStats.FirstReplyTimes firstReplies() {
        return DailyStats.FirstReplyTimes.of(days);
    }

    /** Percentiles are histogram bounds: "within N minutes", or "over" the last bound. */
    private static Map<String, Object> firstReplyJson(DailyStats.FirstReplyTimes t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tickets", t.count());
        if (t.count() > 0) {
            out.put("mean_seconds", t.meanSeconds());
            out.put("median_within_minutes", bound(t.medianWithinMinutes()));
            out.put("p90_within_minutes", bound(t.p90WithinMinutes()));
        }
        return out;
    }

    private static Object bound(Integer minutes) {
        return minutes != null ? minutes
                : "over " + DailyStats.FIRST_REPLY_BOUNDS_MINUTES.get(DailyStats.FIRST_REPLY_BOUNDS_MINUTES.size() - 1);
    }

    /** "median within 5 min, 90 % within 15 min (mean 3 min), 2 tickets", or {@link #NO_REPLIES}. */
    String firstReplyText() {
        DailyStats.FirstReplyTimes t = firstReplies();
        if (t.count() == 0) {
            return NO_REPLIES;
        }
        return "median " + within(t.medianWithinMinutes()) + ", 90 % " + within(t.p90WithinMinutes()) + " (mean "
                + duration(t.meanSeconds()) + "), " + t.count() + (t.count() == 1 ? " ticket" : " tickets");
    }

    /** A histogram bound as people say it. */
    static String within(Integer minutes) {
        if (minutes == null) {
            return "over " + duration(60L * DailyStats.FIRST_REPLY_BOUNDS_MINUTES.get(DailyStats.FIRST_REPLY_BOUNDS_MINUTES.size() - 1));
        }
        return "within " + duration(60L * minutes);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 120 * 60) {
            return Math.round(seconds / 60.0) + " min";
        }
        double hours = seconds / 3600.0;
        return (hours == Math.rint(hours) ? Long.toString(Math.round(hours)) : String.format(Locale.ROOT, "%.1f", hours)) + " h";
    }

    Map<String, Long> counts(String prefix, List<String> names) {
        Map<String, Long> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, total(prefix + n)));
        return out;
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("Threadline stats, ").append(days.get(0).date()).append(" to ").append(days.get(days.size() - 1).date())
                .append(" (").append(days.size()).append(days.size() == 1 ? " day" : " days").append(", UTC)\n\n");
        out.append("Tickets opened per day\n");
        long max = days.stream().mapToLong(d -> d.get(DailyStats.TICKETS_OPENED)).max().orElse(0);
        for (DailyStats.Day d : days) {
            long n = d.get(DailyStats.TICKETS_OPENED);
            int bar = max == 0 ? 0 : (int) Math.round(30.0 * n / max);
            out.append(String.format("  %s %5d  %s%n", d.date(), n, "#".repeat(bar)));
        }
        out.append('\n');
        line(out, "Decisions", decisions() + ": " + shares(DECISION_PREFIX, KINDS, decisions()));
        line(out, "Decided by", shares(STAGE_PREFIX, STAGES, decisions()));
        line(out, "Judge fallback rate", rate(fallbackRate(), "of " + judged() + " SAME/NEW decisions"));
        line(out, "Needs triage", total(DailyStats.TICKETS_NEEDING_TRIAGE) + " of " + total(DailyStats.TICKETS_OPENED)
                + " tickets" + (triageRate() == null ? "" : " (" + triageRate() + " %)"));
        line(out, "Messages applied", Long.toString(total(DailyStats.MESSAGES_APPLIED)));
        line(out, "Open sessions", openSessions + " (now)");
        line(out, "Dead-letter queue", deadLettered + (deadLettered == 1 ? " job" : " jobs") + " (now; ./threadline dlq)");
        line(out, "First agent reply", firstReplyText());
        return out.toString();
    }

    private String shares(String prefix, List<String> names, long whole) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            long n = total(prefix + name);
            out.append(out.isEmpty() ? "" : ", ").append(label(name)).append(' ').append(n);
            Long p = percent(n, whole);
            out.append(p == null || n == 0 ? "" : " (" + p + " %)");
        }
        return out.toString();
    }

    /** A stage or a kind as the judge reports it in the demo and the README. */
    static String label(String name) {
        return switch (name) {
            case "RULE" -> "rule";
            case "OFFLINE" -> "offline judge";
            case "LLM" -> "LLM";
            case "FALLBACK" -> "fallback";
            default -> name;
        };
    }

    private static String rate(Long percent, String of) {
        return percent == null ? "- (no SAME/NEW decisions yet)" : percent + " % " + of;
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-20s %s%n", label, value));
    }
}
