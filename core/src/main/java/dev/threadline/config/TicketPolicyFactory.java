package dev.threadline.config;

import dev.threadline.application.ReplyPolicy;
import dev.threadline.application.TicketPolicy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Builds the plain {@link TicketPolicy} from configuration, so the use case stays framework-free. */
@Factory
public class TicketPolicyFactory {

    @Singleton
    TicketPolicy ticketPolicy(
            @Value("${threadline.session-timeout:PT24H}") Duration sessionTimeout,
            @Value("${threadline.llm.min-confidence:0.6}") double minConfidence,
            @Value("${threadline.merge-bursts:true}") boolean mergeBursts,
            @Value("${threadline.pending-lease:PT3M}") Duration pendingLease,
            @Value("${threadline.max-receives:20}") int maxReceives,
            @Value("${threadline.helpdesk-events:none}") String helpdeskEvents) {
        return new TicketPolicy(sessionTimeout, minConfidence, mergeBursts, pendingLease, maxReceives,
                helpdeskEvents(helpdeskEvents));
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
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "webhooks" -> true;
            case "poll", "none", "" -> false;
            default -> throw new IllegalArgumentException("HELPDESK_EVENTS must be webhooks, poll or none, was " + value);
        };
    }
}
