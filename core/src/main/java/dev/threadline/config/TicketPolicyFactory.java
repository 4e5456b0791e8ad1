package dev.threadline.config;

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
            @Value("${threadline.max-receives:20}") int maxReceives) {
        return new TicketPolicy(sessionTimeout, minConfidence, mergeBursts, pendingLease, maxReceives);
    }
}
