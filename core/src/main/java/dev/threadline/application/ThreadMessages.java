package dev.threadline.application;

import dev.threadline.config.Functions;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Notice;
import dev.threadline.application.port.SessionStore;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.domain.CustomerProfile;
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
    private final Asides asides;
    private final AgentNotifier notifier;
    private final Helpdesk helpdesk;
    private final Metrics metrics;
    private final TicketPolicy policy;
    private final Clock clock;
    /** Set in ticket-fn ({@link #media}); {@code null} where tests build ThreadMessages by hand. */
    private TranscribeVoice voices;

    public ThreadMessages(SessionStore sessions, Helpdesk helpdesk, IssueClassifier classifier, IssueJudge judge,
                          AgentNotifier notifier, Metrics metrics, TicketPolicy policy, Clock clock) {
        this.sessions = sessions;
        this.notifier = notifier;
        this.helpdesk = helpdesk;
        Helpdesk measured = new MeasuredHelpdesk(helpdesk, metrics);
        this.planner = new PlanTurn(measured, judge, metrics, policy);
        this.drafts = new DraftEffect(classifier, metrics, policy, clock);
        this.effects = new ApplyEffect(sessions, measured, notifier, metrics);
        this.asides = new Asides(sessions, effects, policy, metrics, clock);
        this.metrics = metrics;
        this.policy = policy;
        this.clock = clock;
    }

    /** ticket-fn's media use cases, injected after construction so the plain constructor stays framework-free. */
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
        List<CustomerKey> identities = Identities.of(turn);
        for (int attempt = 1; ; attempt++) {
            Session session = sessions.load(identities);
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
                List<InboundMessage> heard = voices == null ? fresh : voices.transcribe(fresh);
                return applyInOrder(Identities.learn(sessions, current, heard, identities), heard);
            } catch (ConflictException e) {
                if (attempt >= MAX_CONFLICTS) {
                    throw new SessionBusyException("session kept changing under " + MAX_CONFLICTS + " attempts", e);
                }
            }
        }
    }

    /**
     * Runs of messages that can open a ticket are planned and applied together; every other message
     * (a reaction, a sticker, a message WhatsApp does not pass on, a number change) is applied on its own,
     * in its place, to whatever ticket is open by then ({@link Asides}).
     */
    private Outcome applyInOrder(Session session, List<InboundMessage> messages) {
        List<Outcome> outcomes = new ArrayList<>();
        List<InboundMessage> run = new ArrayList<>();
        Session current = session;
        for (InboundMessage m : messages) {
            if (m.content().opensTicket()) {
                run.add(m);
                continue;
            }
            if (!run.isEmpty()) {
                outcomes.add(decideAndApply(current, run));
                run = new ArrayList<>();
                current = null;
            }
            current = current != null ? current : sessions.load(session.customer());
            PlanTurn.Part onTicket = asides.asPost(current, m);
            outcomes.add(onTicket != null ? claimAndApply(current, onTicket) : asides.apply(current, m));
            current = null;
        }
        if (!run.isEmpty()) {
            outcomes.add(decideAndApply(current != null ? current : sessions.load(session.customer()), run));
        }
        return outcomes.size() == 1 ? outcomes.get(0) : new Outcome.Several(outcomes);
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

    Outcome claimAndApply(Session session, PlanTurn.Part part) {
        Decision decision = part.decision();
        PendingEffect effect = drafts.of(session, part);
        Session seen = part.seen() == null ? session : session.withTicketStatusSeen(part.seen());
        Instant at = part.first().sentAt();
        CustomerProfile counted = seen.profile().sent(part.messages().stream().map(InboundMessage::sentAt).toList());
        boolean firstOverBudget = decision.opensTicket() && effect instanceof PendingEffect.AppendToTicket
                && counted.openedOn(at) == policy.flood().newTicketsPerDay();
        counted = decision.opensTicket() ? counted.openedOneOn(at) : counted;
        Session claimed = seen.withPending(effect, counted);
        sessions.claim(session, claimed, new DecisionRecord(effect.turn().messageIds(), clock.instant(), decision,
                decision.opensTicket() ? null : session.openTicketId(), part.question()));
        metrics.counts(Map.of(DecisionMetrics.of(decision), 1L, DecisionMetrics.of(decision.stage()), 1L));
        Outcome outcome = effects.apply(claimed, false, part.messages());
        if (firstOverBudget) {
            String ticket = ((PendingEffect.AppendToTicket) effect).ticketId();
            notifier.notify(new Notice.TicketBudgetReached(new Notice.Ticket(ticket, helpdesk.linkTo(ticket)),
                    policy.flood().newTicketsPerDay()));
        }
        return outcome;
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
