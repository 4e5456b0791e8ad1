package dev.threadline.config;

import dev.threadline.application.ReplyPolicy;
import dev.threadline.application.FloodLimits;
import dev.threadline.application.TicketPolicy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Builds the plain {@link TicketPolicy} from configuration, so the use case stays framework-free. The
 * defaults below are the only place they are written: application.properties maps the variables
 * without one, and infra's {@code InfraTemplateTest} checks that the template's parameter defaults
 * equal them.
 */
@Factory
public class TicketPolicyFactory {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(24);
    public static final double DEFAULT_MIN_CONFIDENCE = 0.6;
    public static final boolean DEFAULT_MERGE_BURSTS = true;
    /** Not a variable: the local stack sets its own, shorter one through {@code threadline.pending-lease}. */
    public static final Duration DEFAULT_PENDING_LEASE = Duration.ofMinutes(3);
    public static final String DEFAULT_HELPDESK_EVENTS = "none";

    @Singleton
    TicketPolicy ticketPolicy(
            @Value("${threadline.session-timeout:}") String sessionTimeout,
            @Value("${threadline.llm.min-confidence:}") String minConfidence,
            @Value("${threadline.merge-bursts:}") String mergeBursts,
            @Value("${threadline.pending-lease:}") String pendingLease,
            @Value("${threadline.max-receives:}") String maxReceives,
            @Value("${threadline.helpdesk-events:}") String helpdeskEvents,
            @Value("${threadline.flood.new-tickets-per-day:}") String newTicketsPerDay,
            @Value("${threadline.flood.messages-per-minute:}") String messagesPerMinute) {
        return new TicketPolicy(
                Settings.duration(sessionTimeout, "SESSION_TIMEOUT", DEFAULT_SESSION_TIMEOUT),
                Settings.decimal(minConfidence, "LLM_MIN_CONFIDENCE", DEFAULT_MIN_CONFIDENCE),
                Settings.flag(mergeBursts, "MERGE_BURSTS", DEFAULT_MERGE_BURSTS),
                Settings.duration(pendingLease, "threadline.pending-lease", DEFAULT_PENDING_LEASE),
                Settings.integer(maxReceives, "MAX_RECEIVES", TicketPolicy.DEFAULT_MAX_RECEIVES),
                helpdeskEvents(helpdeskEvents),
                new FloodLimits(
                        Settings.integer(newTicketsPerDay, "NEW_TICKETS_PER_DAY", FloodLimits.DEFAULT.newTicketsPerDay()),
                        Settings.integer(messagesPerMinute, "MESSAGES_PER_MINUTE", FloodLimits.DEFAULT.messagesPerMinute())));
    }

    @Singleton
    ReplyPolicy replyPolicy(@Value("${threadline.reply-marker:}") String marker) {
        return new ReplyPolicy(marker);
    }

    /**
     * {@code HELPDESK_EVENTS}: {@code webhooks} (ERPNext calls intake), {@code poll} (sweeper-fn asks
     * ERPNext on its schedule) or {@code none}. Only webhooks make the ticket's status known in time:
     * a poll learns of a close minutes later, so with {@code poll} the status is still read before each
     * SAME decision.
     */
    static boolean helpdeskEvents(String value) {
        String chosen = Settings.text(value, DEFAULT_HELPDESK_EVENTS).toLowerCase(java.util.Locale.ROOT);
        return switch (chosen) {
            case "webhooks" -> true;
            case "poll", "none", "" -> false;
            default -> throw new IllegalArgumentException("HELPDESK_EVENTS must be webhooks, poll or none, was " + value);
        };
    }
}
