package dev.threadline.embedded;

import java.time.Duration;

/**
 * How long a received job stays hidden, how often it may be received before SQS dead-letters it, and
 * how long ticket-fn's claim on an unconfirmed ERPNext effect holds before a redelivery takes it over.
 * {@link #DEPLOYED} is the one source of these numbers: the local stack runs with it, and
 * InfraTemplateTest checks it against infra/template.yaml (JobsQueue, JobsMaxReceiveCount) and against
 * ticket-fn's configured lease.
 */
public record QueueTimings(Duration visibilityTimeout, int maxReceiveCount, Duration pendingLease) {

    /** As deployed: 6 x ticket-fn's 60 s timeout, 20 receives (~2 h of retries), a 3-minute lease. */
    public static final QueueTimings DEPLOYED = new QueueTimings(Duration.ofSeconds(360), 20, Duration.ofMinutes(3));

    public QueueTimings {
        if (maxReceiveCount < 1 || visibilityTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("at least one receive and a visibility timeout of a second or more");
        }
        // A job that failed on a live claim comes back after the visibility timeout; by then the claim's
        // lease must have run out, or the job would fail again on the same claim until it is dead-lettered.
        if (pendingLease.compareTo(visibilityTimeout) >= 0) {
            throw new IllegalArgumentException("the pending lease must be shorter than the visibility timeout");
        }
    }
}
