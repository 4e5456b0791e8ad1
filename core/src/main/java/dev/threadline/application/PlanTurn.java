package dev.threadline.application;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.CustomerProfile;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Decision.Kind;
import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.EpisodeRule;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketStatus;
import dev.threadline.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts a turn (one message, or a burst of one customer's consecutive messages) into parts that each
 * belong to exactly one episode, and decides each part: FIRST (the episode rule), SAME or NEW (the
 * judge). A turn is cut before every message that comes after more than the session timeout of
 * silence, and before every message the judge calls NEW, so no ticket ever holds two episodes.
 *
 * <p>One judge call per stretch of the turn without such a gap: the judge answers for every message
 * in it, each against what came before.
 */
final class PlanTurn {

    private final Helpdesk helpdesk;
    private final IssueJudge judge;
    private final Metrics metrics;
    private final EpisodeRule episodes;
    private final boolean statusFromEvents;
    private final int messagesPerMinute;

    PlanTurn(Helpdesk helpdesk, IssueJudge judge, Metrics metrics, TicketPolicy policy) {
        this.helpdesk = helpdesk;
        this.judge = judge;
        this.metrics = metrics;
        this.episodes = policy.episodes();
        this.statusFromEvents = policy.statusFromEvents();
        this.messagesPerMinute = policy.flood().messagesPerMinute();
    }

    /**
     * One part of a turn and how it was decided.
     *
     * @param seen the open ticket's status as read for this decision, or {@code null} if not read
     * @param question what the judge was asked for the part's first message, or {@code null} (the
     *     rule decided); kept with the audit record for replay
     */
    record Part(List<InboundMessage> messages, Decision decision, TicketStatus seen, JudgeQuestion question,
                Classification classification) {
        InboundMessage first() {
            return messages.get(0);
        }
    }

    /** The parts of {@code messages} (fresh, in order), for {@code session} as it is now. */
    List<Part> plan(Session session, List<InboundMessage> messages) {
        List<Part> parts = new ArrayList<>();
        List<List<InboundMessage>> stretches = stretches(session, messages);
        for (int s = 0; s < stretches.size(); s++) {
            List<InboundMessage> stretch = stretches.get(s);
            if (s > 0) {
                // After a gap longer than the timeout, the episode has ended whatever the session says.
                parts.addAll(afterOpening(stretch, "idle-over-" + episodes.timeout(), session.profile()));
                continue;
            }
            String ended = episodes.ended(session, stretch.get(0).sentAt());
            TicketStatus seen = null;
            if (ended == null) {
                // With helpdesk events, a close has already ended the session; without them, ask.
                seen = statusFromEvents ? session.ticketStatusSeen() : helpdesk.status(session.openTicketId());
                ended = episodes.endedBy(seen);
            }
            if (ended != null) {
                parts.addAll(afterOpening(stretch, ended, session.profile()));
                continue;
            }
            JudgeQuestion question = new JudgeQuestion(session.lastIssueSummary(), session.recentTexts(),
                    session.agent().lastReply(), seen,
                    candidates(stretch, session.lastActivity()));
            parts.addAll(cut(stretch, question, seen, null, session.profile()));
        }
        return parts;
    }

    /** A stretch whose first message opens a ticket by rule; the rest are judged against it. */
    private List<Part> afterOpening(List<InboundMessage> stretch, String reason, CustomerProfile profile) {
        Part opening = new Part(List.of(stretch.get(0)), new Decision(Kind.FIRST, Stage.RULE, null, reason, 0), null, null, null);
        if (stretch.size() == 1) {
            return List.of(opening);
        }
        List<InboundMessage> rest = stretch.subList(1, stretch.size());
        JudgeQuestion question = new JudgeQuestion(TicketText.text(stretch.get(0)), List.of(), null, null,
                candidates(rest, stretch.get(0).sentAt()));
        return cut(rest, question, null, opening, profile);
    }

    /**
     * Judges a stretch and cuts it before each NEW. With {@code opening}, the stretch's SAME head
     * joins that part instead of the open ticket.
     */
    private List<Part> cut(List<InboundMessage> stretch, JudgeQuestion question, TicketStatus seen, Part opening,
                           CustomerProfile profile) {
        long started = System.nanoTime();
        List<Judgement> verdicts = judge(question);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        metrics.millis("JudgeLatency", millis);
        List<Part> parts = new ArrayList<>();
        List<InboundMessage> current = new ArrayList<>(opening == null ? List.of() : opening.messages());
        Decision decision = opening == null ? null : opening.decision();
        JudgeQuestion asked = opening == null ? null : opening.question();
        Classification classification = null;
        for (int i = 0; i < stretch.size(); i++) {
            Judgement j = overruled(verdicts.get(i), profile, stretch, i);
            boolean starts = j.verdict() == Verdict.NEW || current.isEmpty();
            if (starts && !current.isEmpty()) {
                parts.add(new Part(current, decision, seen, asked, classification));
                current = new ArrayList<>();
            }
            if (starts) {
                Kind kind = j.verdict() == Verdict.NEW ? Kind.NEW : Kind.SAME;
                decision = new Decision(kind, j.stage(), j.confidence(), j.reason(), millis);
                asked = i == 0 ? question : null;
                classification = j.classification();
            }
            current.add(stretch.get(i));
        }
        parts.add(new Part(current, decision, seen, asked, classification));
        return parts;
    }

    /**
     * A NEW verdict becomes SAME for a message without words of its own (a location, a contact card, a bare
     * photo: it belongs to the episode it is sent in) and for one sent past the customer's rate
     * ({@code MESSAGES_PER_MINUTE}): a flood is merged into the ticket it is on, never dropped and never a
     * ticket per message.
     */
    private Judgement overruled(Judgement j, CustomerProfile profile, List<InboundMessage> stretch, int i) {
        if (j.verdict() != Verdict.NEW) {
            return j;
        }
        if (!stretch.get(i).content().hasWords()) {
            return new Judgement(Verdict.SAME, j.confidence(), j.stage(), "no-words-of-its-own");
        }
        Instant at = stretch.get(i).sentAt();
        long sent = profile.sentInMinuteBefore(at) + stretch.subList(0, i).stream()
                .filter(m -> !m.sentAt().isBefore(at.minusSeconds(60))).count();
        if (sent < messagesPerMinute) {
            return j;
        }
        metrics.counts(Map.of("RateCapMerged", 1L));
        return new Judgement(Verdict.SAME, j.confidence(), j.stage(), "rate-cap");
    }

    private List<Judgement> judge(JudgeQuestion question) {
        try {
            List<Judgement> verdicts = judge.judge(question);
            if (verdicts.size() != question.messages().size()) {
                throw new AiUnavailableException("unparseable", "the judge answered " + verdicts.size() + " verdicts for "
                        + question.messages().size() + " messages", null);
            }
            return verdicts;
        } catch (AiUnavailableException e) {
            metrics.counts(Map.of("LlmErrors", 1L));
            Judgement fallback = new Judgement(Verdict.SAME, null, Stage.FALLBACK, "judge-" + e.reason());
            return question.messages().stream().map(m -> fallback).toList();
        }
    }

    /** Splits the turn wherever a message follows its predecessor after more than the timeout. */
    private List<List<InboundMessage>> stretches(Session session, List<InboundMessage> messages) {
        List<List<InboundMessage>> out = new ArrayList<>();
        List<InboundMessage> current = new ArrayList<>();
        Instant previous = null;
        for (InboundMessage m : messages) {
            if (!current.isEmpty() && episodes.idle(previous, m.sentAt())) {
                out.add(current);
                current = new ArrayList<>();
            }
            current.add(m);
            previous = m.sentAt();
        }
        out.add(current);
        return out;
    }

    private static List<JudgeQuestion.Candidate> candidates(List<InboundMessage> messages, Instant before) {
        List<JudgeQuestion.Candidate> out = new ArrayList<>();
        Instant previous = before;
        for (InboundMessage m : messages) {
            out.add(new JudgeQuestion.Candidate(TicketText.text(m),
                    previous == null ? Duration.ZERO : Duration.between(previous, m.sentAt())));
            previous = m.sentAt();
        }
        return out;
    }
}
