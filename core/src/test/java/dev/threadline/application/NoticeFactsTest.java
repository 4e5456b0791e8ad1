package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Notice;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Priority;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.InMemoryLedger;
import dev.threadline.fakes.InMemoryOutbox;
import dev.threadline.fakes.InMemorySessionStore;
import dev.threadline.fakes.ScriptedMessenger;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingDeadLetters;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which notices the ticket flow emits, and the facts each carries (the Mattermost adapter renders them). */
class NoticeFactsTest {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
    private static final Notice.Ticket FIRST = new Notice.Ticket("ISS-2026-00001", "https://erp.example.com/app/issue/ISS-2026-00001");

    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final ScriptedAi ai = new ScriptedAi();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final TicketPolicy policy = new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2), 5);
    private final ThreadMessages threading = new ThreadMessages(sessions, helpdesk, ai, ai, notifier, metrics, policy,
            new MutableClock(T0));
    private final JobCodec codec = new JobCodec(new ObjectMapper());
    private final ApplyJobs jobs = new ApplyJobs(threading, new FollowHelpdesk(sessions, new InMemoryOutbox(sessions),
            new ScriptedMessenger(), helpdesk, notifier, metrics, new ReplyPolicy(ReplyPolicy.DEFAULT_MARKER), policy,
            new MutableClock(T0)), new NoteCustomerError(sessions, helpdesk, new InMemoryLedger(), metrics), codec, deadLetters,
            notifier, metrics, policy);

    private static InboundMessage text(String id, Instant at, String body) {
        return new InboundMessage(id, JANA, "4915112345678", null, null, "Jana", at, "text", new Content.Said(body), null, "{}");
    }

    @Test
    void aNewTicket_isAnnouncedWithItsIdLinkSummaryAndPriority_andNothingElseWhenSure() {
        threading.handle(List.of(text("wamid.1", T0, "can't SSH to 10.221.35.60")));

        assertThat(notifier.notices()).containsExactly(
                new Notice.TicketOpened(FIRST, "Summary: can't SSH to 10.221.35.60", Priority.HIGH));
    }

    @Test
    void anUnsureClassification_addsANeedsTriageNoticeForTheSameTicket() {
        ai.confidence(0.59);

        threading.handle(List.of(text("wamid.1", T0, "hmm")));

        assertThat(notifier.notices()).containsExactly(
                new Notice.TicketOpened(FIRST, "Summary: hmm", Priority.HIGH), new Notice.NeedsTriage(FIRST));
    }

    @Test
    void aFollowUpAppendedByDefault_namesTheTicketItWentTo() {
        threading.handle(List.of(text("wamid.1", T0, "can't SSH")));
        ai.judgeDown(true);

        threading.handle(List.of(text("wamid.2", T0.plusSeconds(60), "new issue: printer")));

        assertThat(notifier.notices()).last().isEqualTo(new Notice.AppendedByDefault(FIRST));
    }

    @Test
    void aFollowUpJudgedSure_emitsNoNotice() {
        threading.handle(List.of(text("wamid.1", T0, "can't SSH")));

        threading.handle(List.of(text("wamid.2", T0.plusSeconds(60), "still down")));

        assertThat(notifier.notices()).hasSize(1);
    }

    @Test
    void refusedMessages_areCountedWithTheHelpdesksReason() {
        helpdesk.failNextCall(new Helpdesk.PermanentHelpdeskException("417 LinkValidationError", null));
        InboundMessage m = text("wamid.1", T0, "can't SSH");

        jobs.apply(List.of(new ApplyJobs.Job("sqs-1", "group-1", "dedup-1", codec.encode(m), 1)));

        assertThat(notifier.notices()).containsExactly(
                new Notice.DeadLettered(1, "helpdesk refused: 417 LinkValidationError"));
    }
}
