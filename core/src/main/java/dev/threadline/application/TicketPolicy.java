package dev.threadline.application;

import java.time.Duration;

/**
 * The business settings of ticket threading, as plain values (built from configuration by
 * {@code TicketPolicyFactory}, so the use case never sees the framework).
 *
 * @param sessionTimeout idle time (on Meta's timestamps) after which the next message opens a new
 *     ticket ({@code SESSION_TIMEOUT}, default 24 h)
 * @param minConfidence classifications below it still open a ticket, marked "needs triage"
 *     ({@code LLM_MIN_CONFIDENCE}, default 0.6)
 * @param mergeBursts whether one customer's consecutive messages in one batch form one turn: one
 *     judgement, one post ({@code MERGE_BURSTS}, default true)
 * @param pendingLease how long an unconfirmed effect belongs to the worker that claimed it before
 *     another may finish it: longer than ticket-fn's timeout (60 s) and than ERPNext may take to
 *     commit a request it has received (gunicorn's default worker timeout is 120 s); default 3 min
 * @param maxReceives how often the queue delivers a job before moving it to the dead-letter queue
 *     ({@code MAX_RECEIVES}, the template's {@code JobsMaxReceiveCount}): a failure on that receive is
 *     logged as final
 * @param statusFromEvents whether the helpdesk reports its changes to Threadline ({@code HELPDESK_EVENTS}
 *     {@code webhooks}): then the open ticket's status is known from those events, and no longer read
 *     from the helpdesk before each SAME decision
 * @param flood what one customer may open and send before limits apply
 */
public record TicketPolicy(Duration sessionTimeout, double minConfidence, boolean mergeBursts, Duration pendingLease,
                           int maxReceives, boolean statusFromEvents, FloodLimits flood) {

    /** The queue's default receive limit (the template's {@code JobsMaxReceiveCount}). */
    public static final int DEFAULT_MAX_RECEIVES = 20;

    public TicketPolicy(Duration sessionTimeout, double minConfidence, boolean mergeBursts, Duration pendingLease) {
        this(sessionTimeout, minConfidence, mergeBursts, pendingLease, DEFAULT_MAX_RECEIVES);
    }

    public TicketPolicy(Duration sessionTimeout, double minConfidence, boolean mergeBursts, Duration pendingLease,
                        int maxReceives) {
        this(sessionTimeout, minConfidence, mergeBursts, pendingLease, maxReceives, false);
    }

    public TicketPolicy(Duration sessionTimeout, double minConfidence, boolean mergeBursts, Duration pendingLease,
                        int maxReceives, boolean statusFromEvents) {
        this(sessionTimeout, minConfidence, mergeBursts, pendingLease, maxReceives, statusFromEvents, FloodLimits.DEFAULT);
    }

    public TicketPolicy {
        if (sessionTimeout == null || sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("SESSION_TIMEOUT must be a positive ISO-8601 duration, e.g. PT24H");
        }
        if (!(minConfidence >= 0.0 && minConfidence <= 1.0)) {
            throw new IllegalArgumentException("LLM_MIN_CONFIDENCE must be within [0, 1], was " + minConfidence);
        }
        if (maxReceives < 1) {
            throw new IllegalArgumentException("MAX_RECEIVES must be at least 1, was " + maxReceives);
        }
        if (flood == null) {
            throw new IllegalArgumentException("flood limits are required");
        }
        if (pendingLease == null || pendingLease.isNegative() || pendingLease.isZero()) {
            throw new IllegalArgumentException("the pending-effect lease must be positive");
        }
    }

    /** The episode rule for this policy's timeout. */
    public dev.threadline.domain.EpisodeRule episodes() {
        return new dev.threadline.domain.EpisodeRule(sessionTimeout);
    }
}
