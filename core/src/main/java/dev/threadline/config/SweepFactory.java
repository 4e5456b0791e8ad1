package dev.threadline.config;

import dev.threadline.application.SweepIdleSessions;
import dev.threadline.application.TicketPolicy;
import dev.threadline.application.port.DailyStats;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;

/** sweeper-fn's use case, with {@code SWEEP_MAX_SESSIONS}'s default written here only. */
@Factory
public class SweepFactory {

    public static final int DEFAULT_SWEEP_MAX_SESSIONS = 500;

    @Singleton
    @Requires(property = Functions.PROPERTY, pattern = Functions.SWEEPER)
    SweepIdleSessions sweepIdleSessions(SessionStore sessions, DailyStats stats, TicketPolicy policy, Metrics metrics,
                                        Clock clock, @Value("${threadline.sweep-max-sessions:}") String maxSessions) {
        return new SweepIdleSessions(sessions, stats, policy, metrics, clock,
                Settings.integer(maxSessions, "SWEEP_MAX_SESSIONS", DEFAULT_SWEEP_MAX_SESSIONS));
    }
}
