package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.Notice.Kind;
import dev.threadline.application.port.Messenger.MessengerUnavailableException;
import dev.threadline.application.port.Messenger.SendResult;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.OutboundReply.State;
import dev.threadline.domain.ReplyCallback;
import dev.threadline.domain.SessionStatus;
import dev.threadline.domain.TicketStatus;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.InMemoryOutbox;
import dev.threadline.fakes.InMemorySessionStore;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import dev.threadline.fakes.ScriptedMessenger;
import dev.threadline.fakes.SimulatedCrash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agents' side against in-memory ports: replies sent at most once and never silently lost,
 * internal notes kept in the helpdesk, the 24-hour window, crashes at every outbox step, and the
 * ticket's status driving the session.
 */
class FollowHelpdeskTest {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryOutbox outbox = new InMemoryOutbox(sessions);
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final ScriptedAi ai = new ScriptedAi();
    private final ScriptedMessenger whatsapp = new ScriptedMessenger();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final TicketPolicy policy = new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2), 20, true);
    private final ThreadMessages threading = new ThreadMessages(sessions, helpdesk, ai, ai, notifier, metrics, policy, clock);
    private final FollowHelpdesk follow = new FollowHelpdesk(sessions, outbox, whatsapp, helpdesk, notifier, metrics,
            new ReplyPolicy(ReplyPolicy.DEFAULT_MARKER), policy, clock);
    private String ticket;
    private int comments;
    private int wamids;

    @BeforeEach
    void janaHasAnOpenTicket() {
        ticket = ((Outcome.Opened) threading.handle(List.of(message("my printer is jammed", T0)))).ticketId();
        outbox.register(ticket, JANA);
    }

    private InboundMessage message(String text, Instant at) {
        String id = "wamid.IN" + (++wamids);
        return new InboundMessage(id, JANA, "4915112345678", null, null, "Jana", at, "text", new Content.Said(text), null,
                "{\"id\":\"" + id + "\"}");
    }

    private HelpdeskEvent comment(String html) {
        comments++;
        return new HelpdeskEvent("Comment", "c0mment" + comments, "2026-12-06 10:00:0" + comments + ".000000", ticket, JANA,
                HelpdeskEvent.Kind.COMMENT, null, html);
    }

    private HelpdeskEvent status(TicketStatus status, String modified) {
        return new HelpdeskEvent("Issue", ticket, modified, ticket, JANA, HelpdeskEvent.Kind.STATUS, status, null);
    }

    private OutboundReply onlyReply() {
        List<ScriptedMessenger.Sent> calls = whatsapp.calls();
        ReplyCallback callback = ReplyCallback.parse(calls.get(calls.size() - 1).callbackData());
        return outbox.find(JANA, callback.replyKey());
    }

    private DeliveryReport report(OutboundReply reply, String status, Integer code) {
        return new DeliveryReport(JANA, JANA.phoneNumberId(), reply.wamid() == null ? "wamid.X" : reply.wamid(),
                new ReplyCallback(reply.ticketId(), reply.key(), false), status, clock.instant(), code,
                code == null ? null : "Re-engagement message");
    }

    @Test
    void aMarkedCommentIsSentOnceAndTheTicketSaysSo() {
        HelpdeskEvent reply = comment("reply: Please restart the printer.");
        follow.apply(reply);
        follow.apply(reply); // Frappe retries: no delivery id

        assertThat(whatsapp.texts()).singleElement().satisfies(sent -> {
            assertThat(sent.body()).isEqualTo("Please restart the printer.");
            assertThat(sent.phone()).isEqualTo("4915112345678");
        });
        assertThat(onlyReply().state()).isEqualTo(State.SENT);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("sent on WhatsApp");
        assertThat(sessions.load(JANA).agent().lastReply()).isEqualTo("Please restart the printer.");
    }

    @Test
    void theJudgeSeesTheAgentsLastReply_whenTheCustomerAnswersIt() {
        follow.apply(comment("reply: Which iOS version do you have?"));
        follow.apply(comment("internal: ask QA about 17.4"));
        threading.handle(List.of(message("ios 17.4", T0.plusSeconds(300))));

        assertThat(ai.lastQuestion().agentLastReply()).isEqualTo("Which iOS version do you have?");
    }

    @Test
    void anInternalNoteNeverLeavesTheHelpdesk() {
        follow.apply(comment("Customer seems upset; reply: later maybe"));
        follow.apply(comment("check the warranty first"));

        assertThat(whatsapp.calls()).isEmpty();
        assertThat(helpdesk.notes(ticket)).isEmpty();
        assertThat(metrics.total("InternalNotesKept")).isEqualTo(2);
    }

    @Test
    void deliveryReportsMoveTheReplyForwardOnly() {
        follow.apply(comment("reply: On its way"));
        OutboundReply sent = onlyReply();
        follow.apply(report(sent, "read", null));
        follow.apply(report(sent, "delivered", null)); // late and out of order

        assertThat(outbox.find(JANA, sent.key()).state()).isEqualTo(State.READ);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("read by the customer");
    }

    @Test
    void outsideTheWindowATemplateAsksTheCustomerAndTheTextWaitsForTheirAnswer() {
        clock.advance(Duration.ofHours(25));
        follow.apply(comment("reply: Your part arrived"));

        assertThat(whatsapp.texts()).isEmpty();
        assertThat(whatsapp.templates()).singleElement().satisfies(t -> assertThat(t.body()).contains(ticket));
        OutboundReply held = onlyReply();
        assertThat(held.state()).isEqualTo(State.HELD);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("not sent yet").contains("as soon as the customer writes");

        threading.handle(List.of(message("hi, what's up?", clock.instant())));
        follow.releaseHeld(JANA);

        assertThat(whatsapp.texts()).singleElement().satisfies(t -> assertThat(t.body()).isEqualTo("Your part arrived"));
        assertThat(outbox.find(JANA, held.key()).state()).isEqualTo(State.SENT);
        assertThat(sessions.load(JANA).agent().heldReplies()).isEmpty();
    }

    @Test
    void aRefusedTemplateKeepsTheReplyWaiting_andTellsTheTeam() {
        clock.advance(Duration.ofHours(30));
        whatsapp.then(() -> new SendResult.Refused(132001, "the template does not exist in that language"));
        follow.apply(comment("reply: Your part arrived"));

        assertThat(onlyReply().state()).isEqualTo(State.HELD);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("refused the re-engagement template");
        assertThat(notifier.of(Kind.REPLY_NOT_DELIVERED)).hasSize(1);
    }

    @Test
    void error131047FromMetaHoldsTheReplyWhetherItComesAtOnceOrLater() {
        whatsapp.then(() -> new SendResult.Refused(131047, "outside the 24-hour window"));
        follow.apply(comment("reply: first"));
        assertThat(onlyReply().state()).isEqualTo(State.HELD);

        follow.apply(comment("reply: second"));
        OutboundReply second = outbox.find(JANA, ReplyCallback.parse(whatsapp.texts().get(1).callbackData()).replyKey());
        follow.apply(report(second, "failed", 131047));

        assertThat(outbox.find(JANA, second.key()).state()).isEqualTo(State.HELD);
        assertThat(sessions.load(JANA).agent().heldReplies()).hasSize(2);
        assertThat(whatsapp.templates()).hasSize(2);
    }

    @Test
    void aSendWhoseOutcomeIsUnknownIsNeverRepeatedButFlaggedAndReconciled() {
        whatsapp.then(() -> new SendResult.Unknown("no answer within 5 s"));
        HelpdeskEvent reply = comment("reply: Try the blue cable");
        follow.apply(reply);
        follow.apply(reply);

        assertThat(whatsapp.texts()).hasSize(1);
        OutboundReply unknown = onlyReply();
        assertThat(unknown.state()).isEqualTo(State.UNKNOWN);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("may not have been delivered");
        assertThat(notifier.of(Kind.REPLY_NOT_DELIVERED)).hasSize(1);

        follow.apply(new DeliveryReport(JANA, JANA.phoneNumberId(), "wamid.LATE", new ReplyCallback(ticket, unknown.key(), false),
                "delivered", clock.instant(), null, null));
        assertThat(outbox.find(JANA, unknown.key()).state()).isEqualTo(State.DELIVERED);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("delivered");
    }

    @Test
    void metaSayingItDidNotTakeTheMessageLetsARetrySendIt() {
        whatsapp.then(() -> {
            throw new MessengerUnavailableException("rate limited (130429)", null);
        });
        HelpdeskEvent reply = comment("reply: Hello");
        assertThatThrownBy(() -> follow.apply(reply)).isInstanceOf(MessengerUnavailableException.class);
        follow.apply(reply); // the queue redelivers

        assertThat(whatsapp.texts()).hasSize(2);
        assertThat(onlyReply().state()).isEqualTo(State.SENT);
    }

    @Test
    void aRefusedReplyIsMarkedFailedOnTheTicketAndTheTeamIsTold() {
        whatsapp.then(() -> new SendResult.Refused(131026, "the number cannot receive WhatsApp messages"));
        follow.apply(comment("reply: Hello"));

        assertThat(onlyReply().state()).isEqualTo(State.FAILED);
        assertThat(helpdesk.notes(ticket)).singleElement().asString().contains("NOT delivered").contains("131026");
        assertThat(notifier.of(Kind.REPLY_NOT_DELIVERED)).hasSize(1);
    }

    @Test
    void aCrashAtEveryOutboxStepNeitherSendsTwiceNorLosesTheReply() {
        for (int crashAt = 1; crashAt <= 3; crashAt++) {
            FollowHelpdeskTest run = new FollowHelpdeskTest();
            run.janaHasAnOpenTicket();
            AtomicInteger updates = new AtomicInteger();
            int at = crashAt;
            run.outbox.beforeUpdate(() -> {
                if (updates.incrementAndGet() == at) {
                    throw new SimulatedCrash("before outbox update " + at);
                }
            });
            HelpdeskEvent reply = run.comment("reply: Hello");
            assertThatThrownBy(() -> run.follow.apply(reply)).isInstanceOf(SimulatedCrash.class);
            run.outbox.beforeUpdate(() -> { });
            run.follow.apply(reply); // redelivered after the crash

            OutboundReply after = run.onlyRecorded();
            switch (crashAt) {
                // 1: before PENDING -> SENDING: nothing was sent; the redelivery sends it.
                case 1 -> {
                    assertThat(run.whatsapp.texts()).hasSize(1);
                    assertThat(after.state()).isEqualTo(State.SENT);
                }
                // 2: after SENDING was stored, the send happened, the SENT mark did not: never resent, flagged.
                // 3: the SENT mark stored, the note's mark not: sent once, the note follows on redelivery.
                case 2 -> {
                    assertThat(run.whatsapp.texts()).hasSize(1);
                    assertThat(after.state()).isEqualTo(State.UNKNOWN);
                    assertThat(run.notifier.of(Kind.REPLY_NOT_DELIVERED)).hasSize(1);
                }
                default -> {
                    assertThat(run.whatsapp.texts()).hasSize(1);
                    assertThat(after.state()).isEqualTo(State.SENT);
                    assertThat(run.helpdesk.notes(run.ticket)).isNotEmpty();
                }
            }
        }
    }

    private OutboundReply onlyRecorded() {
        return outbox.find(JANA, new dev.threadline.domain.MessageRef("erpnext", "Comment/c0mment" + comments).digest().substring(0, 32));
    }

    @Test
    void aCloseInTheHelpdeskEndsTheEpisodeSoTheNextMessageOpensANewTicket() {
        follow.apply(status(TicketStatus.CLOSED, "2026-12-06 11:00:00.000000"));
        assertThat(sessions.load(JANA).status()).isEqualTo(SessionStatus.CLOSED);

        Outcome next = threading.handle(List.of(message("printer is jammed again", T0.plusSeconds(600))));
        assertThat(next).isInstanceOf(Outcome.Opened.class);
        assertThat(((Outcome.Opened) next).ticketId()).isNotEqualTo(ticket);
    }

    @Test
    void aReopenPointsTheSessionAtTheTicketAgain_andALateOlderChangeIsIgnored() {
        follow.apply(status(TicketStatus.CLOSED, "2026-12-06 11:00:00.000000"));
        follow.apply(status(TicketStatus.OPEN, "2026-12-06 12:00:00.000000"));
        follow.apply(status(TicketStatus.CLOSED, "2026-12-06 11:00:00.000000")); // a retry of the older change, late

        assertThat(sessions.load(JANA).status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(sessions.load(JANA).openTicketId()).isEqualTo(ticket);
        assertThat(metrics.total("HelpdeskEventsStale")).isEqualTo(1);
    }

    @Test
    void resolvedKeepsTheSessionAndTheStatusIsKnownWithoutAskingTheHelpdesk() {
        follow.apply(status(TicketStatus.RESOLVED, "2026-12-06 11:00:00.000000"));
        int calls = helpdesk.calls();
        threading.handle(List.of(message("it works now, thanks", T0.plusSeconds(900))));

        assertThat(sessions.load(JANA).openTicketId()).isEqualTo(ticket);
        assertThat(helpdesk.calls() - calls).as("only the append, no status read").isEqualTo(1);
    }
}
