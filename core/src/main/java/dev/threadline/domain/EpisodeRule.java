package dev.threadline.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a customer's episode (one open ticket's conversation) is over, so that the next message opens
 * a new ticket without asking a judge: there is no active session, the customer has been idle
 * longer than the session timeout, or the ticket was closed or deleted in the helpdesk. One rule,
 * asked by the ticket flow (on Meta's timestamps, so replays decide the same) and by the sweeper (on
 * the clock).
 *
 * @param timeout {@code SESSION_TIMEOUT}
 */
public record EpisodeRule(Duration timeout) {

    public EpisodeRule {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("SESSION_TIMEOUT must be a positive ISO-8601 duration, e.g. PT24H");
        }
    }

    /** Whether {@code later} comes after more than the timeout of silence since {@code earlier}. */
    public boolean idle(Instant earlier, Instant later) {
        return earlier != null && Duration.between(earlier, later).compareTo(timeout) > 0;
    }

    /**
     * Why a message at {@code at} cannot continue {@code session}'s episode, before asking the
     * helpdesk: {@code "no-active-session"}, {@code "idle-over-PT24H"}, or {@code null} when it may.
     */
    public String ended(Session session, Instant at) {
        if (session.status() != SessionStatus.ACTIVE || session.openTicketId() == null) {
            return "no-active-session";
        }
        return idle(session.activeSince(), at) ? "idle-over-" + timeout : null;
    }

    /** Why the ticket's status ends the episode ({@code "ticket-closed"}, …), or {@code null}. */
    public String endedBy(TicketStatus seen) {
        return seen != null && seen.endsEpisode() ? "ticket-" + seen.name().toLowerCase() : null;
    }
}
