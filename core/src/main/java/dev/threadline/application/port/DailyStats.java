package dev.threadline.application.port;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Figures for people (tickets per day, how decisions were made, open sessions), read with bounded
 * queries: the counters are written in the same transaction as the decision audit record and the
 * ticket record they count, so they agree with the audit exactly.
 */
public interface DailyStats {

    /** Tickets opened (FIRST or NEW completed in the helpdesk). */
    String TICKETS_OPENED = "tickets_opened";
    /** Opened tickets marked needs triage (classification or decision unsure or unavailable). */
    String TICKETS_NEEDING_TRIAGE = "tickets_needing_triage";
    /** Customer messages applied (opened a ticket or posted to one). */
    String MESSAGES_APPLIED = "messages_applied";
    /** Prefix of the per-kind decision counters: {@code decision_FIRST}, {@code decision_SAME}, {@code decision_NEW}. */
    String DECISION_PREFIX = "decision_";
    /** Prefix of the per-stage decision counters: {@code stage_RULE}, {@code stage_OFFLINE}, {@code stage_LLM}, {@code stage_FALLBACK}. */
    String STAGE_PREFIX = "stage_";

    /**
     * Tickets whose first agent reply reached the customer (WhatsApp accepted it) that day; counted
     * once per ticket, in the same write that marks the reply sent.
     */
    String FIRST_REPLIES = "first_replies";
    /** The sum, over those tickets, of the seconds from the customer's opening message to that reply. */
    String FIRST_REPLY_SECONDS = "first_reply_seconds";
    /**
     * Prefix of the first-reply histogram: {@code first_reply_within_<m>m} counts the first replies
     * that took at most {@code m} minutes and more than the bound before it; {@code first_reply_over}
     * counts the rest. Buckets, not raw times, so a day's percentiles come from the same bounded query.
     */
    String FIRST_REPLY_WITHIN_PREFIX = "first_reply_within_";
    String FIRST_REPLY_OVER = "first_reply_over";
    /** The histogram's upper bounds in minutes, ascending. */
    List<Integer> FIRST_REPLY_BOUNDS_MINUTES = List.of(1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 1440, 2880);

    /** One UTC day's counters; a name never counted that day is absent (zero). */
    record Day(LocalDate date, Map<String, Long> counts) {
        public Day {
            counts = Map.copyOf(counts);
        }

        public long get(String name) {
            return counts.getOrDefault(name, 0L);
        }
    }

    /**
     * Time to first agent reply over some days: how many, the mean, and the median and 90th
     * percentile as the histogram bound they fall under ({@code null}: over the last bound).
     */
    record FirstReplyTimes(long count, long meanSeconds, Integer medianWithinMinutes, Integer p90WithinMinutes) {

        public static FirstReplyTimes of(List<Day> days) {
            long count = days.stream().mapToLong(d -> d.get(FIRST_REPLIES)).sum();
            long seconds = days.stream().mapToLong(d -> d.get(FIRST_REPLY_SECONDS)).sum();
            long[] buckets = FIRST_REPLY_BOUNDS_MINUTES.stream()
                    .mapToLong(m -> days.stream().mapToLong(d -> d.get(FIRST_REPLY_WITHIN_PREFIX + m + "m")).sum()).toArray();
            return new FirstReplyTimes(count, count == 0 ? 0 : seconds / count, within(buckets, count, 50), within(buckets, count, 90));
        }

        /** The smallest bound under which at least {@code percent} % of the replies fall. */
        private static Integer within(long[] buckets, long count, int percent) {
            if (count == 0) {
                return null;
            }
            long needed = (count * percent + 99) / 100; // the rank of the percentile, rounded up
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= needed) {
                    return FIRST_REPLY_BOUNDS_MINUTES.get(i);
                }
            }
            return null;
        }
    }

    /** The days from {@code from} to {@code to} (both included, UTC), oldest first, one entry per day. */
    List<Day> days(LocalDate from, LocalDate to);

    /** ACTIVE sessions now, counted on the sweeper's sparse index (never a table scan). */
    long openSessions();
}
