package dev.threadline.adapter.erpnext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The end of one port call's time budget ({@code threadline.erpnext.call-budget}), shared by every
 * HTTP request the call makes, so that retries can never run a Lambda into its own timeout.
 */
record Deadline(Instant end, Clock clock) {

    static Deadline after(Duration budget, Clock clock) {
        return new Deadline(clock.instant().plus(budget), clock);
    }

    /** Whether something taking {@code duration} from now would still end by the deadline. */
    boolean allows(Duration duration) {
        return !clock.instant().plus(duration).isAfter(end);
    }
}
