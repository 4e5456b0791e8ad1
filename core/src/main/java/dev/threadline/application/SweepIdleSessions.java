package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.DailyStats;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Session;
import dev.threadline.domain.SessionStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sweeper-fn's use case: close ACTIVE sessions idle longer than the session timeout, at most
 * {@code SWEEP_MAX_SESSIONS} per run; the next run continues.
 *
 * <p>Correctness never depends on it: ticket-fn already treats an idle session as closed. The sweeper
 * makes the state visible (dashboards, ticket history) when no further message arrives. A message
 * racing the sweeper is settled by the version condition: if the message claimed first, the close
 * fails and the session stays; if the close won, the message's claim fails, it reloads a CLOSED
 * session and opens a new ticket. Never a mix, never a loss.
 *
 * <p>Built for sweeper-fn by {@code config/SweepFactory}, which reads the limit.
 */
public class SweepIdleSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SweepIdleSessions.class);

    private final SessionStore sessions;
    private final DailyStats stats;
    private final TicketPolicy policy;
    private final Metrics metrics;
    private final Clock clock;
    private final int maxSessions;

    public SweepIdleSessions(SessionStore sessions, DailyStats stats, TicketPolicy policy, Metrics metrics, Clock clock,
                             int maxSessions) {
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("SWEEP_MAX_SESSIONS must be positive, was " + maxSessions);
        }
        this.sessions = sessions;
        this.stats = stats;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        this.maxSessions = maxSessions;
    }

    /** One bounded run. */
    public Result sweep() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(policy.sessionTimeout());
        List<CustomerKey> candidates = sessions.idleActiveSessions(cutoff, maxSessions);
        int closed = 0;
        int skipped = 0;
        for (CustomerKey customer : candidates) {
            Session session = sessions.load(customer);
            // The ticket flow's own rule, asked on the clock instead of on Meta's timestamps.
            boolean stillIdle = session.status() == SessionStatus.ACTIVE && session.pending() == null
                    && policy.episodes().idle(session.activeSince(), now);
            if (!stillIdle) {
                skipped++;
                continue;
            }
            try {
                sessions.close(session, now);
                closed++;
            } catch (ConflictException raced) {
                skipped++; // a message got there first; the session stays with it
            }
        }
        // The sweeper runs on a schedule anyway, so it is the one to publish the open-sessions gauge.
        long open = stats.openSessions();
        metrics.counts(Map.of("SessionsClosed", (long) closed, "OpenSessions", open));
        LOG.info("sweep finished", kv("candidates", candidates.size()), kv("closed", closed), kv("skipped", skipped),
                kv("bounded", candidates.size() == maxSessions), kv("open", open));
        return new Result(candidates.size(), closed, skipped, open);
    }

    /**
     * @param candidates idle ACTIVE sessions found in the index
     * @param closed sessions closed by this run
     * @param skipped candidates that had changed (a message arrived, or an effect is pending)
     * @param openSessions ACTIVE sessions after the run
     */
    public record Result(int candidates, int closed, int skipped, long openSessions) {}
}
