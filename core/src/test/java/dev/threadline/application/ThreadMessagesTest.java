package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.Outcome;
import dev.threadline.application.ThreadMessages.SessionBusyException;
import dev.threadline.application.port.Notice.Kind;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Decision;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.Priority;
import dev.threadline.domain.SessionStatus;
import dev.threadline.domain.TicketStatus;
import dev.threadline.domain.Transcript;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.InMemorySessionStore;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import dev.threadline.fakes.SimulatedCrash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The ticket logic against in-memory ports: decisions, exactly-once effects, fallbacks, crashes. */
class ThreadMessagesTest {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final ScriptedAi ai = new ScriptedAi();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final TicketPolicy policy = new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2));
    private final ThreadMessages threading = new ThreadMessages(sessions, helpdesk, ai, ai, notifier, metrics, policy, clock);

    private static InboundMessage text(String id, Instant at, String body) {
        return new InboundMessage(id, JANA, "4915112345678", null, null, "Jana <b>K</b>", at, "text", new Content.Said(body), null,
                "{\"id\":\"" + id + "\"}");
    }

    private static String key(String messageId) {
        return "wa:" + new MessageRef(JANA.phoneNumberId(), messageId).digest();
    }

    private Outcome send(InboundMessage... turn) {
        return threading.handle(List.of(turn));
    }

    // --- the conversation script ---------------------------------------------------------------
    @Test
    void everyAuditRecordCarriesStageReason_andJudgedOnesAConfidenceAndTheJudgesInputs() {
        send(text("wamid.1", T0, "can't SSH to 10.221.35.60"));
        send(text("wamid.2", T0.plusSeconds(600), "still down"));
        send(text("wamid.3", T0.plusSeconds(900), "new issue: the printer is jammed"));

        List<DecisionRecord> audit = sessions.decisions(JANA);
        assertThat(audit).hasSize(3).allSatisfy(d -> {
            assertThat(d.decision().stage()).isNotNull();
            assertThat(d.decision().reason()).isNotBlank();
        });
        assertThat(audit.get(0).decision().stage()).isEqualTo(Decision.Stage.RULE);
        assertThat(audit.subList(1, 3)).allSatisfy(d -> {
            assertThat(d.decision().confidence()).isNotNull();
            assertThat(d.question().messages()).isNotEmpty();
            assertThat(d.question().previousSummary()).isEqualTo("Summary: can't SSH to 10.221.35.60");
        });
        assertThat(audit.get(2).question().recentMessages()).containsExactly("can't SSH to 10.221.35.60", "still down");
        assertThat(audit.get(2).question().messages().get(0).gap()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anUnsureVerdict_isFlaggedOnTheTicketAndToldToTheTeam() {
        send(text("wamid.1", T0, "can't SSH to 10.221.35.60"));
        ai.confidence(0.9);
        ai.judgeConfidence(0.55);
        send(text("wamid.2", T0.plusSeconds(600), "hmm"));

        assertThat(helpdesk.ticket("ISS-2026-00001").posts()).singleElement()
                .satisfies(p -> assertThat(p.flagged()).as("asks a person to check").isTrue());
        assertThat(notifier.of(Kind.FALLBACK_DECISION)).hasSize(1);
    }


    @Test
    void theConversationScriptGivesExactlyTheExpectedTicketsAndPosts() {
        send(text("wamid.1", T0, "can't SSH to 10.221.35.60"));
        send(text("wamid.2", T0.plusSeconds(600), "still down"));
        send(text("wamid.3", T0.plusSeconds(900), "new issue: the printer is jammed"));
        send(text("wamid.4", T0.plus(Duration.ofHours(1)), "printer still blinking"));
        send(text("wamid.5", T0.plus(Duration.ofHours(26)), "VPN drops every hour"));

        assertThat(helpdesk.tickets()).extracting(t -> t.request().subject()).containsExactly(
                "Summary: can't SSH to 10.221.35.60",
                "Summary: new issue: the printer is jammed",
                "Summary: VPN drops every hour");
        assertThat(helpdesk.ticket("ISS-2026-00001").posts()).extracting(Helpdesk.TicketPost::key).containsExactly(key("wamid.2"));
        assertThat(helpdesk.ticket("ISS-2026-00002").posts()).extracting(Helpdesk.TicketPost::key).containsExactly(key("wamid.4"));
        assertThat(helpdesk.ticket("ISS-2026-00003").posts()).isEmpty();
        assertThat(sessions.tickets(JANA)).extracting(t -> t.ticketId() + (t.closedAt() == null ? " open" : " closed"))
                .containsExactly("ISS-2026-00001 closed", "ISS-2026-00002 closed", "ISS-2026-00003 open");
        assertThat(sessions.decisions(JANA)).extracting(d -> d.decision().kind() + "/" + d.decision().stage()).containsExactly(
                "FIRST/RULE", "SAME/LLM", "NEW/LLM", "SAME/LLM", "FIRST/RULE");
        assertThat(sessions.decisions(JANA).get(4).decision().reason()).startsWith("idle-over-");
        assertThat(sessions.load(JANA).lastActivity()).isEqualTo(T0.plus(Duration.ofHours(26)));
    }

    @Test
    void aClosedTicketEndsTheEpisode_theNextMessageOpensANewTicket() {
        send(text("wamid.1", T0, "can't SSH"));
        helpdesk.setStatus("ISS-2026-00001", TicketStatus.CLOSED);

        send(text("wamid.2", T0.plusSeconds(60), "it is broken again"));

        assertThat(helpdesk.tickets()).hasSize(2);
        assertThat(sessions.decisions(JANA).get(1).decision().reason()).isEqualTo("ticket-closed");
        assertThat(sessions.load(JANA).openTicketId()).isEqualTo("ISS-2026-00002");
    }

    @Test
    void aSameMessageOnAResolvedTicketIsPostedAndReopensIt() {
        send(text("wamid.1", T0, "can't SSH"));
        helpdesk.setStatus("ISS-2026-00001", TicketStatus.RESOLVED);

        send(text("wamid.2", T0.plusSeconds(60), "still cannot SSH"));

        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(helpdesk.ticket("ISS-2026-00001").status()).isEqualTo(TicketStatus.OPEN);
        assertThat(sessions.load(JANA).ticketStatusSeen()).isEqualTo(TicketStatus.OPEN);
    }

    @Test
    void aBurstIsOneTurn_oneJudgement_onePostKeepingEachMessageWithItsIdAndTime() {
        send(text("wamid.1", T0, "can't SSH"));

        send(text("wamid.2", T0.plusSeconds(60), "tried again"), text("wamid.3", T0.plusSeconds(61), "still nothing"),
                text("wamid.4", T0.plusSeconds(62), "<script>alert(1)</script>"));

        assertThat(ai.judgeCalls()).isEqualTo(1);
        List<Helpdesk.TicketPost> posts = helpdesk.ticket("ISS-2026-00001").posts();
        assertThat(posts).hasSize(1);
        // As plain text: IssueHtmlTest proves how ERPNext gets it (escaped, with ids and times).
        assertThat(posts.get(0).transcript().lines()).containsExactly(
                new Transcript.Line("wamid.2", T0.plusSeconds(60), "tried again"),
                new Transcript.Line("wamid.3", T0.plusSeconds(61), "still nothing"),
                new Transcript.Line("wamid.4", T0.plusSeconds(62), "<script>alert(1)</script>"));
        assertThat(posts.get(0).flagged()).isFalse();
        assertThat(sessions.load(JANA).recentMessageIds()).containsExactly("wamid.1", "wamid.2", "wamid.3", "wamid.4");
    }

    @Test
    void theTicketCarriesTheTranscriptTheKeysAndTheMappedPriority() {
        send(text("wamid.1", T0, "line one\n<b>bold</b> & more"));

        Helpdesk.NewTicket request = helpdesk.tickets().get(0).request();
        // As plain text: IssueHtmlTest proves how ERPNext gets it (escaped, with ids and times).
        assertThat(request.customerName()).isEqualTo("Jana <b>K</b>");
        assertThat(request.transcript().lines()).containsExactly(
                new Transcript.Line("wamid.1", T0, "line one\n<b>bold</b> & more"));
        assertThat(request.priority()).isEqualTo(Priority.HIGH);
        assertThat(request.phone()).isEqualTo("4915112345678");
        assertThat(request.customer()).isEqualTo(JANA);
        assertThat(request.idempotencyKey()).isEqualTo("wa:" + new MessageRef(JANA.phoneNumberId(), "wamid.1").digest());
        assertThat(request.needsTriage()).isFalse();
    }

    // --- duplicates and crashes ----------------------------------------------------------------

    @Test
    void aRedeliveredTurnHasNoEffect() {
        send(text("wamid.1", T0, "can't SSH"));
        int callsBefore = helpdesk.calls();

        Outcome again = send(text("wamid.1", T0, "can't SSH"));

        assertThat(again).isInstanceOf(Outcome.AlreadyApplied.class);
        assertThat(helpdesk.calls()).isEqualTo(callsBefore);
        assertThat(sessions.decisions(JANA)).hasSize(1);
    }

    @Test
    void aCrashAfterTheTicketIsCreatedButBeforeTheSessionWrite_isFinishedByTheRedeliveryWithoutASecondTicket() {
        helpdesk.afterOpen(id -> { throw new SimulatedCrash("after create"); });
        assertThatThrownBy(() -> send(text("wamid.1", T0, "can't SSH"))).isInstanceOf(SimulatedCrash.class);
        helpdesk.afterOpen(id -> { });

        clock.advance(Duration.ofMinutes(3));
        send(text("wamid.1", T0, "can't SSH"));

        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(sessions.load(JANA).openTicketId()).isEqualTo("ISS-2026-00001");
        assertThat(sessions.load(JANA).pending()).isNull();
        assertThat(sessions.decisions(JANA)).hasSize(1);
        assertThat(sessions.appliedMessages()).containsExactly(new MessageRef(JANA.phoneNumberId(), "wamid.1"));
    }

    @Test
    void aCrashAfterThePostButBeforeTheSessionWrite_doesNotPostTwice() {
        send(text("wamid.1", T0, "can't SSH"));
        helpdesk.afterAppend(id -> { throw new SimulatedCrash("after append"); });
        assertThatThrownBy(() -> send(text("wamid.2", T0.plusSeconds(60), "still down"))).isInstanceOf(SimulatedCrash.class);
        helpdesk.afterAppend(id -> { });

        clock.advance(Duration.ofMinutes(3));
        send(text("wamid.2", T0.plusSeconds(60), "still down"));

        assertThat(helpdesk.ticket("ISS-2026-00001").posts()).extracting(Helpdesk.TicketPost::key).containsExactly(key("wamid.2"));
        assertThat(sessions.load(JANA).hasApplied("wamid.2")).isTrue();
    }

    @Test
    void aRedeliveryWithinTheLeaseOfACrashedAttemptWaits_ratherThanRacingIt() {
        helpdesk.afterOpen(id -> { throw new SimulatedCrash("after create"); });
        assertThatThrownBy(() -> send(text("wamid.1", T0, "can't SSH"))).isInstanceOf(SimulatedCrash.class);
        helpdesk.afterOpen(id -> { });

        assertThatThrownBy(() -> send(text("wamid.1", T0, "can't SSH"))).isInstanceOf(SessionBusyException.class);
        assertThat(helpdesk.tickets()).hasSize(1);
    }

    @Test
    void aRecoveredTurnKeepsItsOriginalDecision_evenIfTheJudgeWouldNowDecideOtherwise() {
        send(text("wamid.1", T0, "can't SSH"));
        helpdesk.afterAppend(id -> { throw new SimulatedCrash("after append"); });
        assertThatThrownBy(() -> send(text("wamid.2", T0.plusSeconds(60), "still down"))).isInstanceOf(SimulatedCrash.class);
        helpdesk.afterAppend(id -> { });
        ai.judgeDown(true);

        clock.advance(Duration.ofMinutes(3));
        send(text("wamid.2", T0.plusSeconds(60), "still down"));

        assertThat(ai.judgeCalls()).isEqualTo(1);
        assertThat(notifier.of(Kind.FALLBACK_DECISION)).isEmpty();
    }

    @Test
    void aTransientHelpdeskFailureReleasesTheClaim_soTheRetryNeedNotWaitForTheLease() {
        helpdesk.failNextCall(new Helpdesk.TransientHelpdeskException("ERPNext 503", null));
        assertThatThrownBy(() -> send(text("wamid.1", T0, "can't SSH"))).isInstanceOf(Helpdesk.TransientHelpdeskException.class);

        send(text("wamid.1", T0, "can't SSH"));

        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(sessions.load(JANA).pending()).isNull();
    }

    @Test
    void aWriteWithAnUnknownOutcomeKeepsTheLease_soNobodyRepeatsItBeforeItCouldHaveLanded() {
        send(text("wamid.1", T0, "can't SSH"));
        // ERPNext records the post, but its answer never arrives.
        helpdesk.afterAppend(id -> { throw new Helpdesk.OutcomeUnknownException("ERPNext read timeout", null); });
        assertThatThrownBy(() -> send(text("wamid.2", T0.plusSeconds(60), "still down")))
                .isInstanceOf(Helpdesk.OutcomeUnknownException.class);
        helpdesk.afterAppend(id -> { });

        assertThatThrownBy(() -> send(text("wamid.2", T0.plusSeconds(60), "still down")))
                .isInstanceOf(SessionBusyException.class);
        clock.advance(Duration.ofMinutes(3));
        send(text("wamid.2", T0.plusSeconds(60), "still down"));

        assertThat(helpdesk.ticket("ISS-2026-00001").posts()).extracting(Helpdesk.TicketPost::key).containsExactly(key("wamid.2"));
    }

    @Test
    void aPermanentHelpdeskFailureLeavesTheSessionClean_soTheCustomersNextMessageProceeds() {
        helpdesk.failNextCall(new Helpdesk.PermanentHelpdeskException("417 LinkValidationError", null));
        assertThatThrownBy(() -> send(text("wamid.1", T0, "can't SSH"))).isInstanceOf(Helpdesk.PermanentHelpdeskException.class);

        send(text("wamid.2", T0.plusSeconds(60), "hello?"));

        assertThat(sessions.load(JANA).pending()).isNull();
        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(sessions.load(JANA).hasApplied("wamid.1")).isFalse();
    }

    @Test
    void twoConcurrentWritersOnOneSession_oneWinsTheClaimAndTheOtherDecidesAgain_noDuplicateTicket() throws Exception {
        // Both writers read "no session" and decide to open a ticket before either claims.
        CountDownLatch bothDecided = new CountDownLatch(2);
        IssueClassifier rendezvous = transcript -> {
            bothDecided.countDown();
            try {
                assertThat(bothDecided.await(10, TimeUnit.SECONDS)).as("both writers decided").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ai.classify(transcript);
        };
        ThreadMessages a = new ThreadMessages(sessions, helpdesk, rendezvous, ai, notifier, metrics, policy, clock);
        ThreadMessages b = new ThreadMessages(sessions, helpdesk, rendezvous, ai, notifier, metrics, policy, clock);
        InboundMessage one = text("wamid.1", T0, "can't SSH");
        InboundMessage two = text("wamid.2", T0.plusSeconds(1), "also the VPN");

        ExecutorService writers = Executors.newFixedThreadPool(2);
        Future<Object> first = writers.submit(() -> attempt(a, one));
        Future<Object> second = writers.submit(() -> attempt(b, two));
        Object r1 = first.get(20, TimeUnit.SECONDS);
        Object r2 = second.get(20, TimeUnit.SECONDS);
        writers.shutdown();

        // The loser of the claim either found the winner mid-flight (busy: SQS retries it) or, once
        // the winner completed, decided again and was judged SAME. Never a second ticket.
        assertThat(List.of(r1, r2)).filteredOn(r -> r instanceof Outcome.Opened).hasSize(1);
        if (r1 instanceof SessionBusyException) {
            send(one);
        }
        if (r2 instanceof SessionBusyException) {
            send(two);
        }
        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(sessions.load(JANA).recentMessageIds()).containsExactlyInAnyOrder("wamid.1", "wamid.2");
    }

    private static Object attempt(ThreadMessages threading, InboundMessage message) {
        try {
            return threading.handle(List.of(message));
        } catch (SessionBusyException e) {
            return e;
        }
    }

    // --- AI failure policy ---------------------------------------------------------------------

    @Test
    void aClassifierOutageStillOpensATicket_withTheFirstLineMediumAndNeedsTriage() {
        ai.classifierDown(true);

        send(text("wamid.1", T0, "\n  Printer on fire  \nplease help"));

        Helpdesk.NewTicket request = helpdesk.tickets().get(0).request();
        assertThat(request.subject()).isEqualTo("Printer on fire");
        assertThat(request.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(request.needsTriage()).isTrue();
        assertThat(notifier.of(Kind.LOW_CONFIDENCE)).hasSize(1);
        assertThat(notifier.of(Kind.NEW_TICKET)).hasSize(1);
    }

    @Test
    void aLowConfidenceClassificationOpensATicketMarkedNeedsTriage() {
        ai.confidence(0.59);

        send(text("wamid.1", T0, "hmm"));

        assertThat(helpdesk.tickets().get(0).request().needsTriage()).isTrue();
        assertThat(notifier.of(Kind.LOW_CONFIDENCE)).hasSize(1);
    }

    @Test
    void aJudgeFailureAppendsFlaggedAndTellsMattermost() {
        send(text("wamid.1", T0, "can't SSH"));
        ai.judgeDown(true);

        send(text("wamid.2", T0.plusSeconds(60), "new issue: printer"));

        assertThat(helpdesk.tickets()).hasSize(1);
        Helpdesk.TicketPost post = helpdesk.ticket("ISS-2026-00001").posts().get(0);
        assertThat(post.flagged()).as("asks a person to check").isTrue();
        assertThat(notifier.of(Kind.FALLBACK_DECISION)).hasSize(1);
        DecisionRecord decision = sessions.decisions(JANA).get(1);
        assertThat(decision.decision().stage()).isEqualTo(Decision.Stage.FALLBACK);
        assertThat(decision.decision().reason()).isEqualTo("judge-unparseable");
        assertThat(metrics.total("DecisionFallback")).isEqualTo(1);
    }

    @Test
    void idlenessIsMeasuredOnMetasTimestamps_notOnProcessingTime() {
        send(text("wamid.1", T0, "can't SSH"));
        clock.advance(Duration.ofDays(3)); // an outage: the follow-up is processed three days late

        send(text("wamid.2", T0.plus(Duration.ofHours(2)), "still down"));

        assertThat(helpdesk.tickets()).hasSize(1);
        assertThat(sessions.load(JANA).status()).isEqualTo(SessionStatus.ACTIVE);
    }
}
