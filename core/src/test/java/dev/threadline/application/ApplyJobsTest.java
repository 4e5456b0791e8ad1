package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Transcript;
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

/** The batch use case on in-memory ports: turns per customer group, partial failures, dead letters. */
class ApplyJobsTest {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final CustomerKey OMAR = new CustomerKey("109876543210987", "4917600000001");
    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final ScriptedAi ai = new ScriptedAi();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final JobCodec codec = new JobCodec(new ObjectMapper());
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final TicketPolicy policy = new TicketPolicy(Duration.ofHours(24), 0.6, true, Duration.ofMinutes(2), 5);
    private final MutableClock clock = new MutableClock(T0);
    private final ThreadMessages threading = new ThreadMessages(sessions, helpdesk, ai, ai, notifier, metrics, policy, clock);
    private final ScriptedMessenger whatsapp = new ScriptedMessenger();
    private final FollowHelpdesk helpdeskSide = new FollowHelpdesk(sessions, new InMemoryOutbox(sessions), whatsapp,
            helpdesk, notifier, metrics, new ReplyPolicy(ReplyPolicy.DEFAULT_MARKER), policy, clock);
    private final ApplyJobs jobs = new ApplyJobs(threading, helpdeskSide,
            new NoteCustomerError(sessions, helpdesk, ledger, metrics), codec, deadLetters, notifier, metrics, policy);

    private ApplyJobs.Job job(String id, CustomerKey customer, Instant at, String text, int receiveCount) {
        InboundMessage m = new InboundMessage(id, customer, customer.user(), null, null, null, at, "text", new Content.Said(text), null, "{}");
        return new ApplyJobs.Job("sqs-" + id, "group-" + customer.user(), "dedup-" + id, codec.encode(m), receiveCount);
    }

    @Test
    void aBurstContainingANewIssue_opensASecondTicket_andAppendsNothingAcrossIt() {
        List<String> failed = jobs.apply(List.of(
                job("w1", JANA, T0, "VPN is down", 1),
                job("w2", JANA, T0.plusSeconds(30), "still down after reboot", 1),
                job("w3", JANA, T0.plusSeconds(60), "new issue: Outlook will not open", 1),
                job("w4", JANA, T0.plusSeconds(90), "it crashes at the splash screen", 1)));

        assertThat(failed).isEmpty();
        assertThat(helpdesk.tickets()).hasSize(2);
        assertThat(helpdesk.tickets().get(0).request().transcript().lines()).extracting(Transcript.Line::messageId)
                .containsExactly("w1", "w2");
        assertThat(helpdesk.tickets().get(1).request().transcript().lines()).extracting(Transcript.Line::messageId)
                .containsExactly("w3", "w4");
        assertThat(helpdesk.tickets()).allSatisfy(t -> assertThat(t.posts()).isEmpty());
    }

    @Test
    void aCustomersMessageAndAnAgentsReplyInOneBatch_areAppliedInQueueOrder() {
        jobs.apply(List.of(job("p0", JANA, T0.minus(Duration.ofHours(26)), "printer jammed", 1)));
        String ticket = helpdesk.tickets().get(0).id();
        HelpdeskEvent reply = new HelpdeskEvent("Comment", "c1", "2026-11-21 09:00:05.000000", ticket, JANA,
                HelpdeskEvent.Kind.COMMENT, null, "reply: Is it plugged in?");

        // The customer writes (the window opens again), then the agent's reply: in that order in the group.
        List<String> failed = jobs.apply(List.of(job("p1", JANA, T0, "still jammed", 1),
                new ApplyJobs.Job("sqs-c1", "group-" + JANA.user(), "dedup-c1", codec.encode(reply), 1)));

        assertThat(failed).isEmpty();
        assertThat(whatsapp.templates()).as("the reply came after the message that opened the window").isEmpty();
        assertThat(whatsapp.texts()).singleElement().satisfies(t -> assertThat(t.body()).isEqualTo("Is it plugged in?"));
    }

    @Test
    void aTransientFailure_failsOnlyThatCustomersRemainingJobs() {
        jobs.apply(List.of(job("j0", JANA, T0, "printer jammed", 1)));
        helpdesk.failNextCall(new Helpdesk.TransientHelpdeskException("ERPNext 503", null));

        List<String> failed = jobs.apply(List.of(
                job("j1", JANA, T0.plusSeconds(60), "any update?", 1),
                job("o1", OMAR, T0.plusSeconds(61), "laptop will not boot", 1)));

        assertThat(failed).containsExactly("sqs-j1");
        assertThat(helpdesk.tickets()).extracting(t -> t.request().customer()).containsExactly(JANA, OMAR);
    }

    @Test
    void anUnreadableJob_isDeadLetteredWithItsReason_andTheRestIsApplied() {
        ApplyJobs.Job bad = new ApplyJobs.Job("sqs-bad", "group-" + JANA.user(), "dedup-bad", "{not a job", 1);

        List<String> failed = jobs.apply(List.of(bad, job("j2", JANA, T0, "VPN down", 1)));

        assertThat(failed).isEmpty();
        assertThat(deadLetters.entries()).singleElement().satisfies(e -> {
            assertThat(e.job().body()).isEqualTo("{not a job");
            assertThat(e.reason()).startsWith("unreadable job");
        });
        assertThat(helpdesk.tickets()).hasSize(1);
    }

    @Test
    void anUnreadableJobThatCannotBeDeadLettered_staysQueuedWithEverythingAfterIt() {
        deadLetters.down(true);
        ApplyJobs.Job bad = new ApplyJobs.Job("sqs-bad", "group-" + JANA.user(), "dedup-bad", "{not a job", 1);

        List<String> failed = jobs.apply(List.of(job("j1", JANA, T0, "VPN down", 1), bad, job("j3", JANA, T0.plusSeconds(5), "still", 1)));

        assertThat(failed).containsExactly("sqs-bad", "sqs-j3");
        assertThat(helpdesk.tickets()).hasSize(1);
    }

    @Test
    void aFailureOnTheLastAllowedReceive_isCountedBeforeTheQueueDeadLettersIt() {
        helpdesk.failNextCall(new Helpdesk.TransientHelpdeskException("ERPNext 503", null));

        List<String> failed = jobs.apply(List.of(job("j1", JANA, T0, "VPN down", policy.maxReceives())));

        assertThat(failed).containsExactly("sqs-j1");
        assertThat(metrics.total("JobsExhausted")).isEqualTo(1);
    }

    @Test
    void aFailureBeforeTheLastReceive_isNotCountedAsExhausted() {
        helpdesk.failNextCall(new Helpdesk.TransientHelpdeskException("ERPNext 503", null));

        jobs.apply(List.of(job("j1", JANA, T0, "VPN down", policy.maxReceives() - 1)));

        assertThat(metrics.total("JobsExhausted")).isZero();
    }

    @Test
    void aFailedMessageWeDidNotSend_leavesOneNoteOnTheCustomersOpenTicket_andIsMarkedApplied() {
        jobs.apply(List.of(job("e0", JANA, T0, "printer jammed", 1)));
        String ticket = helpdesk.tickets().get(0).id();
        CustomerError error = new CustomerError(JANA, JANA.phoneNumberId(), "wamid.OTHER1", 131026, "Message undeliverable",
                T0.plusSeconds(30));

        List<String> failed = jobs.apply(List.of(
                new ApplyJobs.Job("sqs-e1", "group-" + JANA.user(), "dedup-e1", codec.encode(error), 1)));

        assertThat(failed).isEmpty();
        assertThat(helpdesk.notes(ticket)).containsExactly(
                "WhatsApp reported an error on a message to this customer: 131026 Message undeliverable");
        assertThat(ledger.applied(error.ref())).as("intake drops Meta's redeliveries from now on").isTrue();
        assertThat(metrics.total("CustomerErrorsNoted")).isEqualTo(1);
    }

    @Test
    void aFailedMessageToACustomerWithoutAnOpenTicket_isOnlyCounted() {
        CustomerError error = new CustomerError(OMAR, OMAR.phoneNumberId(), "wamid.OTHER2", 131049, null, T0);

        List<String> failed = jobs.apply(List.of(
                new ApplyJobs.Job("sqs-e2", "group-" + OMAR.user(), "dedup-e2", codec.encode(error), 1)));

        assertThat(failed).isEmpty();
        assertThat(helpdesk.tickets()).isEmpty();
        assertThat(metrics.total("CustomerErrorsWithoutTicket")).isEqualTo(1);
        assertThat(ledger.applied(error.ref())).isTrue();
    }
}
