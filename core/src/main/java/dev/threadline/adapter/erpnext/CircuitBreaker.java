package dev.threadline.adapter.erpnext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Stops calling an ERPNext that keeps failing: after {@code threshold} consecutive transient
 * failures the circuit opens for {@code openFor}, and calls fail fast. When that time is up, calls
 * go through again (half-open): the first success closes the circuit, a failure opens it again at
 * once. Any answer that is not a transient failure (a success, or a 4xx refusal) counts as success:
 * the site is up. Thread-safe; one circuit per Lambda instance.
 */
final class CircuitBreaker {

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** When the circuit will let calls through again, if it is open now. */
    synchronized Optional<Instant> openUntil() {
        return clock.instant().isBefore(openUntil) ? Optional.of(openUntil) : Optional.empty();
    }

    synchronized void onSuccess() {
        consecutiveFailures = 0;
        openUntil = Instant.MIN;
    }

    /** @return whether this failure opened the circuit */
    synchronized boolean onFailure() {
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            openUntil = clock.instant().plus(openFor);
            return true;
        }
        return false;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
