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

    /** One UTC day's counters; a name never counted that day is absent (zero). */
    record Day(LocalDate date, Map<String, Long> counts) {
        public Day {
            counts = Map.copyOf(counts);
        }

        public long get(String name) {
            return counts.getOrDefault(name, 0L);
        }
    }

    /** The days from {@code from} to {@code to} (both included, UTC), oldest first, one entry per day. */
    List<Day> days(LocalDate from, LocalDate to);

    /** ACTIVE sessions now, counted on the sweeper's sparse index (never a table scan). */
    long openSessions();
}
