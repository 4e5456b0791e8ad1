package dev.threadline.application;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.PendingEffect;
import dev.threadline.domain.PendingEffect.AppendToTicket;
import dev.threadline.domain.PendingEffect.OpenTicket;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketStatus;
import dev.threadline.domain.Transcript;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drafts the effect of one decided part of a turn, in plain domain terms: the ticket to open
 * (classifying the messages, unless the judge already did) or the post to append to the open ticket.
 * A person is asked to check (a flagged post, a ticket marked needs triage) whenever the decision or
 * the classification fell back or was below the confidence threshold.
 */
final class DraftEffect {

    private final IssueClassifier classifier;
    private final Metrics metrics;
    private final TicketPolicy policy;
    private final Clock clock;

    DraftEffect(IssueClassifier classifier, Metrics metrics, TicketPolicy policy, Clock clock) {
        this.classifier = classifier;
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /** The effect to claim for {@code part}, decided against {@code session}. */
    PendingEffect of(Session session, PlanTurn.Part part) {
        List<InboundMessage> messages = part.messages();
        InboundMessage first = part.first();
        Transcript transcript = TicketText.transcript(messages);
        Decision decision = part.decision();
        boolean unsure = decision.stage() == Stage.FALLBACK
                || (decision.confidence() != null && decision.confidence() < policy.minConfidence());
        PendingEffect.Turn turn = new PendingEffect.Turn(ids(messages), messages.get(messages.size() - 1).sentAt(),
                phone(messages), clock.instant(), messages.stream().map(TicketText::text).toList());
        String key = "wa:" + first.ref().digest();
        if (!decision.opensTicket()) {
            return new AppendToTicket(turn, session.openTicketId(), key, transcript, part.seen() == TicketStatus.RESOLVED,
                    unsure);
        }
        if (decision.kind() == Decision.Kind.NEW && session.openTicketId() != null
                && session.profile().openedOn(first.sentAt()) >= policy.flood().newTicketsPerDay()) {
            // Past the day's budget a new issue still lands, on the open ticket, flagged for a person.
            metrics.counts(Map.of("TicketBudgetReached", 1L));
            return new AppendToTicket(turn, session.openTicketId(), key, transcript, part.seen() == TicketStatus.RESOLVED,
                    true);
        }
        Classification classification = part.classification() != null ? part.classification() : classify(transcript);
        return new OpenTicket(turn, classification.summary(), TicketText.customerName(first.profileName(),
                session.profile().username()), transcript, classification.priority(),
                classification.issueType(), key, unsure || classification.confidence() < policy.minConfidence(),
                first.sentAt());
    }

    /**
     * The classifier's answer, or when it fails, the first line as the summary with priority Medium
     * and confidence 0 (so the ticket is marked needs triage).
     */
    private Classification classify(Transcript transcript) {
        long started = System.nanoTime();
        try {
            return classifier.classify(transcript);
        } catch (AiUnavailableException e) {
            metrics.counts(Map.of("LlmErrors", 1L, "ClassificationFallbacks", 1L));
            return new Classification(transcript.firstLine(), null, Priority.MEDIUM, 0.0);
        } finally {
            metrics.millis("LlmLatency", Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    static List<String> ids(List<InboundMessage> messages) {
        return messages.stream().map(InboundMessage::messageId).toList();
    }

    /** The newest number the turn carries: a username user may have none. */
    private static String phone(List<InboundMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).phone() != null) {
                return messages.get(i).phone();
            }
        }
        return null;
    }
}
