package dev.threadline.application;

import dev.threadline.config.Functions;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.PendingEffect;
import dev.threadline.domain.Session;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ticket-fn's use case: apply one turn (one message, or a burst of one customer's consecutive
 * messages) to the customer's session and the helpdesk, exactly once.
 *
 * <p>The protocol, per turn:
 * <ol>
 *   <li>Load the session; finish any pending effect a crashed attempt left behind.</li>
 *   <li>Drop messages already applied (SQS and Meta redeliver).</li>
 *   <li>Decide: no active session, idle past the timeout (on Meta's timestamps) or a closed ticket
 *       means FIRST; otherwise the judge says SAME or NEW ({@link PlanTurn}). Draft each part's
 *       effect in plain text ({@link DraftEffect}).</li>
 *   <li>Claim: store the decided effect and the audit record, conditional on the version read. A
 *       concurrent writer loses here, before any side effect, and decides again.</li>
 *   <li>Apply the effect in the helpdesk (idempotent create, or a post with its own key).</li>
 *   <li>Complete: store the new session, ticket history and ledger marks, conditional on the claim;
 *       then tell the team ({@link ApplyEffect} does these two).</li>
 * </ol>
 * A crash between any two steps leaves either nothing (before the claim) or a pending effect that the
 * next delivery replays exactly, checking the helpdesk first so that nothing is posted twice.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class ThreadMessages {

    private static final int MAX_CONFLICTS = 3;

    private final SessionStore sessions;
    private final PlanTurn planner;
    private final DraftEffect drafts;
    private final ApplyEffect effects;
    private final Metrics metrics;
    private final TicketPolicy policy;
    private final Clock clock;
    /** h13 media hook (issue 13): null where ThreadMessages is built by hand. */
    private TranscribeVoice voices;

    public ThreadMessages(SessionStore sessions, Helpdesk helpdesk, IssueClassifier classifier, IssueJudge judge,
                          AgentNotifier notifier, Metrics metrics, TicketPolicy policy, Clock clock) {
        this.sessions = sessions;
        Helpdesk measured = new MeasuredHelpdesk(helpdesk, metrics);
        this.planner = new PlanTurn(measured, judge, metrics, policy);
        this.drafts = new DraftEffect(classifier, metrics, policy, clock);
        this.effects = new ApplyEffect(sessions, measured, notifier, metrics);
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /** h13 media hook (issue 13): ticket-fn's media use cases, injected after construction. */
    @Inject
    void media(AttachMedia attach, TranscribeVoice voices) {
        this.effects.media(attach);
        this.voices = voices;
    }

    /**
     * Applies a turn: messages of one customer, in order.
     *
     * @throws SessionBusyException another attempt holds the session; retry later
     * @throws Helpdesk.TransientHelpdeskException the helpdesk is unavailable; retry later
     * @throws TurnRefusedException the helpdesk refused a turn for good; dead-letter the messages it
     *     names (the session is left clean, so the customer's later messages proceed)
     */
    public Outcome handle(List<InboundMessage> turn) {
        if (turn.isEmpty()) {
            throw new IllegalArgumentException("a turn has at least one message");
        }
        CustomerKey customer = turn.get(0).customer();
        if (turn.stream().anyMatch(m -> !m.customer().equals(customer))) {
            throw new IllegalArgumentException("a turn belongs to one customer");
        }
        for (int attempt = 1; ; attempt++) {
            Session session = sessions.load(customer);
            try {
                if (session.pending() != null) {
                    session = finishPending(session, turn);
                }
                Session current = session;
                List<InboundMessage> fresh = turn.stream().filter(m -> !current.hasApplied(m.messageId())).toList();
                if (fresh.isEmpty()) {
                    metrics.counts(Map.of("DuplicateJobs", (long) turn.size()));
                    return new Outcome.AlreadyApplied(DraftEffect.ids(turn));
                }
                return decideAndApply(current, voices == null ? fresh : voices.transcribe(fresh)); // h13 media hook
            } catch (ConflictException e) {
                if (attempt >= MAX_CONFLICTS) {
                    throw new SessionBusyException("session kept changing under " + MAX_CONFLICTS + " attempts", e);
                }
            }
        }
    }

    /** Plans the turn, then applies its parts in order: each its own claim, effect and completion. */
    private Outcome decideAndApply(Session session, List<InboundMessage> messages) {
        List<PlanTurn.Part> parts = planner.plan(session, messages);
        List<Outcome> outcomes = new ArrayList<>();
        Session current = session;
        for (PlanTurn.Part part : parts) {
            if (current == null) {
                current = sessions.load(session.customer());
            }
            outcomes.add(claimAndApply(current, part));
            current = null;
        }
        return outcomes.size() == 1 ? outcomes.get(0) : new Outcome.Several(outcomes);
    }

    private Outcome claimAndApply(Session session, PlanTurn.Part part) {
        Decision decision = part.decision();
        PendingEffect effect = drafts.of(session, part);
        Session seen = part.seen() == null ? session : session.withTicketStatusSeen(part.seen());
        Session claimed = seen.withPending(effect);
        sessions.claim(session, claimed, new DecisionRecord(effect.turn().messageIds(), clock.instant(), decision,
                decision.opensTicket() ? null : session.openTicketId(), part.question()));
        metrics.counts(Map.of(decisionMetric(decision), 1L, stageMetric(decision.stage()), 1L));
        return effects.apply(claimed, false, part.messages());
    }

    /** Literal names, so the dashboard's references can be checked against the code. */
    private static String decisionMetric(Decision decision) {
        if (decision.stage() == Stage.FALLBACK) {
            return "DecisionFallback";
        }
        return switch (decision.kind()) {
            case FIRST -> "DecisionFirst";
            case SAME -> "DecisionSame";
            case NEW -> "DecisionNew";
        };
    }

    private static String stageMetric(Stage stage) {
        return switch (stage) {
            case RULE -> "DecisionsByRule";
            case OFFLINE -> "DecisionsByOffline";
            case LLM -> "DecisionsByLlm";
            case FALLBACK -> "DecisionsByFallback";
        };
    }

    /** Replays a pending effect left by an earlier attempt, once its lease allows. */
    private Session finishPending(Session session, List<InboundMessage> turn) {
        PendingEffect pending = session.pending();
        Instant now = clock.instant();
        if (pending.turn().claimedAt().plus(policy.pendingLease()).isAfter(now)) {
            throw new SessionBusyException("another attempt is applying this customer's previous turn", null);
        }
        Session taken = session.withPending(pending.reclaimed(now));
        sessions.replace(session, taken);
        metrics.counts(Map.of("PendingEffectsRecovered", 1L));
        effects.apply(taken, true, turn);
        return sessions.load(session.customer());
    }

    /** What happened to a turn. */
    public sealed interface Outcome {

        /**
         * Whether agents' replies are waiting for this customer to write (WhatsApp's 24-hour window), so
         * the caller should release them now. A redelivery cannot tell, so it says yes.
         */
        boolean repliesWaiting();

        /** The turn opened a ticket (FIRST or NEW). */
        record Opened(List<String> messageIds, String ticketId, boolean repliesWaiting) implements Outcome {}

        /** The turn was posted to the open ticket (SAME). */
        record Appended(List<String> messageIds, String ticketId, boolean repliesWaiting) implements Outcome {}

        /** Every message of the turn had been applied before: a redelivery. */
        record AlreadyApplied(List<String> messageIds) implements Outcome {
            @Override
            public boolean repliesWaiting() {
                return true;
            }
        }

        /** The turn spanned episodes (an idle gap, or a message the judge called NEW): one outcome per part. */
        record Several(List<Outcome> parts) implements Outcome {
            @Override
            public boolean repliesWaiting() {
                return parts.stream().anyMatch(Outcome::repliesWaiting);
            }
        }
    }

    /**
     * The helpdesk refused a turn's effect for good. Names the refused turn's messages: usually the
     * turn being handled, but when handling began by finishing an effect that a crashed attempt had
     * claimed, only that effect's messages; the others were never tried.
     */
    public static final class TurnRefusedException extends PermanentHelpdeskException {
        private final List<String> messageIds;

        public TurnRefusedException(List<String> messageIds, PermanentHelpdeskException cause) {
            super(cause.getMessage(), cause);
            this.messageIds = List.copyOf(messageIds);
        }

        public List<String> messageIds() {
            return messageIds;
        }
    }

    /** The session is being changed by another attempt right now; retry the turn later. */
    public static final class SessionBusyException extends RuntimeException {
        public SessionBusyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
