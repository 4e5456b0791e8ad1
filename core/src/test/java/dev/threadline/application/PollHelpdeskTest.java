package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.AcceptHelpdeskEvent.Change;
import dev.threadline.application.AcceptHelpdeskEvent.Outcome;
import dev.threadline.application.port.HelpdeskChanges.Feed;
import dev.threadline.application.port.HelpdeskChanges.Position;
import dev.threadline.application.port.JobQueue.QueueUnavailableException;
import dev.threadline.domain.HelpdeskEvent.Kind;
import dev.threadline.domain.TicketStatus;
import dev.threadline.fakes.InMemoryHelpdeskChanges;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The helpdesk poll on in-memory feeds: what is delivered, once, and where the cursor stops. */
class PollHelpdeskTest {

    private static final String T0 = "2026-12-06 10:00:00.000000";
    private static final String T1 = "2026-12-06 10:00:01.000000";
    private static final String T2 = "2026-12-06 10:00:02.500000";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T09:00:00Z"));
    private final InMemoryHelpdeskChanges helpdesk = new InMemoryHelpdeskChanges(clock, Duration.ofSeconds(1));
    private final RecordingMetrics metrics = new RecordingMetrics();
    /** What reached AcceptHelpdeskEvent, in order. */
    private final List<String> accepted = new ArrayList<>();
    private final Set<String> failing = new HashSet<>();

    private PollHelpdesk poll(int pageSize, Duration budget) {
        return new PollHelpdesk(helpdesk, helpdesk, change -> {
            if (failing.contains(change.name())) {
                throw new QueueUnavailableException("SQS down", null);
            }
            accepted.add(change.name() + "@" + change.modified());
            return Outcome.QUEUED;
        }, metrics, clock, budget, pageSize);
    }

    private PollHelpdesk poll() {
        return poll(100, Duration.ofSeconds(20));
    }

    private static Change comment(String name, String modified) {
        return new Change("Comment", name, modified, "ISS-2026-00001", Kind.COMMENT, null, "reply: try again");
    }

    private static Change close(String ticket, String modified) {
        return new Change("Issue", ticket, modified, ticket, Kind.STATUS, TicketStatus.CLOSED, null);
    }

    @BeforeEach
    void historyBeforePollingWasSwitchedOn() {
        helpdesk.add(Feed.COMMENTS, comment("old0000001", T0));
        helpdesk.add(Feed.TICKETS, close("ISS-2026-00009", T0));
    }

    @Test
    void theFirstRunStartsAtThePresent_andDeliversNothingOlder() {
        PollHelpdesk.Result first = poll().poll();

        assertThat(accepted).isEmpty();
        assertThat(first.caughtUp()).isTrue();
        assertThat(helpdesk.load(Feed.COMMENTS)).isEqualTo(new Position(T0, "old0000001"));
        assertThat(helpdesk.load(Feed.TICKETS)).isEqualTo(new Position(T0, "ISS-2026-00009"));
    }

    @Test
    void changesAfterTheCursorAreDeliveredOnce_inOrder_andTheCursorAdvances() {
        poll().poll();
        helpdesk.add(Feed.COMMENTS, comment("b000000002", T2));
        helpdesk.add(Feed.COMMENTS, comment("a000000001", T1));
        helpdesk.add(Feed.TICKETS, close("ISS-2026-00001", T2));

        PollHelpdesk.Result run = poll().poll();
        poll().poll();

        assertThat(accepted).containsExactly("a000000001@" + T1, "b000000002@" + T2, "ISS-2026-00001@" + T2);
        assertThat(run.outcomes()).containsEntry(Outcome.QUEUED, 3);
        assertThat(helpdesk.load(Feed.COMMENTS)).isEqualTo(new Position(T2, "b000000002"));
    }

    @Test
    void twoDocumentsWithTheSameModified_areBothDeliveredOnce() {
        poll().poll();
        helpdesk.add(Feed.COMMENTS, comment("c000000003", T1));
        poll().poll();
        helpdesk.add(Feed.COMMENTS, comment("d000000004", T1)); // committed later, same modified, greater name

        poll().poll();
        poll().poll();

        assertThat(accepted).containsExactly("c000000003@" + T1, "d000000004@" + T1);
    }

    @Test
    void aPageBoundaryInsideARunOfEqualModified_losesAndRepeatsNothing() {
        poll(3, Duration.ofSeconds(20)).poll();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = String.format("e%09d", i);
            helpdesk.add(Feed.COMMENTS, comment(name, T1));
            expected.add(name + "@" + T1);
        }

        PollHelpdesk.Result run = poll(3, Duration.ofSeconds(20)).poll();

        assertThat(accepted).containsExactlyElementsOf(expected);
        assertThat(run.caughtUp()).isTrue();
    }

    @Test
    void aFailureStopsTheFeedAtThatChange_andTheNextRunResumesFromIt() {
        poll().poll();
        helpdesk.add(Feed.COMMENTS, comment("f000000001", T1));
        helpdesk.add(Feed.COMMENTS, comment("f000000002", T1));
        helpdesk.add(Feed.COMMENTS, comment("f000000003", T2));
        helpdesk.add(Feed.TICKETS, close("ISS-2026-00002", T2));
        failing.add("f000000002");

        PollHelpdesk.Result failed = poll().poll();

        assertThat(failed.caughtUp()).isFalse();
        assertThat(accepted).as("the ticket feed goes on without the comments").containsExactly(
                "f000000001@" + T1, "ISS-2026-00002@" + T2);
        assertThat(helpdesk.load(Feed.COMMENTS)).as("passed only what was accepted").isEqualTo(new Position(T1, "f000000001"));
        assertThat(metrics.total("HelpdeskPollFailures")).isEqualTo(1);

        failing.clear();
        poll().poll();

        assertThat(accepted).containsExactly("f000000001@" + T1, "ISS-2026-00002@" + T2,
                "f000000002@" + T1, "f000000003@" + T2);
    }

    @Test
    void anUnreadableHelpdeskMovesNoCursor() {
        poll().poll();
        helpdesk.add(Feed.COMMENTS, comment("g000000001", T1));
        Position before = helpdesk.load(Feed.COMMENTS);
        helpdesk.failNextListing(new IllegalStateException("ERPNext 503"));

        poll().poll();

        assertThat(helpdesk.load(Feed.COMMENTS)).isEqualTo(before);
        poll().poll();
        assertThat(accepted).containsExactly("g000000001@" + T1);
    }

    @Test
    void aRunStopsAtItsTimeBudget_andTheNextContinues() {
        poll(2, Duration.ofSeconds(3)).poll();
        for (int i = 0; i < 10; i++) {
            helpdesk.add(Feed.TICKETS, close(String.format("ISS-2026-%05d", 100 + i), T1));
        }

        PollHelpdesk.Result first = poll(2, Duration.ofSeconds(3)).poll(); // each listing takes 1 s of the clock

        assertThat(first.caughtUp()).isFalse();
        assertThat(accepted).as("two pages of two, then the budget is spent").hasSize(4);
        for (int run = 0; run < 3; run++) {
            poll(2, Duration.ofSeconds(3)).poll();
        }
        assertThat(accepted).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void anOverlappingRunThatMovedTheCursor_isNeverMovedBack() {
        poll().poll();
        helpdesk.add(Feed.COMMENTS, comment("h000000001", T1));
        helpdesk.add(Feed.COMMENTS, comment("h000000002", T2));
        PollHelpdesk slow = new PollHelpdesk(helpdesk, helpdesk, change -> {
            if (accepted.isEmpty()) {
                poll().poll(); // another run overtakes this one while it is accepting its first change
            }
            accepted.add("slow:" + change.name());
            return Outcome.QUEUED;
        }, metrics, clock, Duration.ofSeconds(20), 1);

        slow.poll();

        assertThat(helpdesk.load(Feed.COMMENTS)).isEqualTo(new Position(T2, "h000000002"));
    }
}
