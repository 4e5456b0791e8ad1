package dev.threadline.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Every time-dependent decision reads this clock, so tests and replays can control time. */
@Factory
public class ClockFactory {

    /** Secondary, so a test or replay can register its own clock. */
    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
