package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.AcceptHelpdeskEvent.Change;
import dev.threadline.application.AcceptHelpdeskEvent.Outcome;
import dev.threadline.application.port.HelpdeskChanges;
import dev.threadline.application.port.HelpdeskChanges.Feed;
import dev.threadline.application.port.HelpdeskChanges.Position;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.PollCursors;
import dev.threadline.config.Functions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sweeper-fn's second use case, for helpdesks that cannot send webhooks ({@code HELPDESK_EVENTS=poll}):
 * read what changed since the stored cursor and feed each change into the path webhooks take,
 * {@link AcceptHelpdeskEvent#accept} (whose ticket, dropped if applied before, the customer's FIFO group).
 *
 * <p>The cursor passes a change only once it was accepted (queued, a duplicate, or not ours), and is
 * stored after each page; a failure stops that feed there, so the next run starts with the change that
 * failed. A change accepted twice (a crash between the queue and the cursor write) is what a webhook
 * retry is: the ledger and ticket-fn's idempotent steps absorb it. The first run records where the
 * helpdesk is and delivers nothing older, so switching polling on does not send agents' old comments.
 */
@Singleton
@Requires(condition = Functions.PollsHelpdesk.class)
public class PollHelpdesk {

    private static final Logger LOG = LoggerFactory.getLogger(PollHelpdesk.class);

    private final HelpdeskChanges changes;
    private final PollCursors cursors;
    private final Function<Change, Outcome> accept;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration budget;
    private final int pageSize;

    @Inject
    public PollHelpdesk(HelpdeskChanges changes, PollCursors cursors, AcceptHelpdeskEvent accept, Metrics metrics, Clock clock,
                        @Value("${threadline.helpdesk-poll.budget:PT20S}") Duration budget,
                        @Value("${threadline.helpdesk-poll.page-size:100}") int pageSize) {
        this(changes, cursors, accept::accept, metrics, clock, budget, pageSize);
    }

    /** With {@code accept} standing for {@link AcceptHelpdeskEvent#accept}. */
    public PollHelpdesk(HelpdeskChanges changes, PollCursors cursors, Function<Change, Outcome> accept, Metrics metrics,
                        Clock clock, Duration budget, int pageSize) {
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("threadline.helpdesk-poll.page-size must be 1 to 500, was " + pageSize);
        }
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("threadline.helpdesk-poll.budget must be a positive duration");
        }
        this.changes = changes;
        this.cursors = cursors;
        this.accept = accept;
        this.metrics = metrics;
        this.clock = clock;
        this.budget = budget;
        this.pageSize = pageSize;
    }

    /**
     * What one run did.
     *
     * @param outcomes how many changes ended each way
     * @param caughtUp whether every feed was read to its end (not stopped by a failure or the budget)
     */
    public record Result(Map<Outcome, Integer> outcomes, boolean caughtUp) {}

    /** One bounded run over every feed; failures are logged and counted, never thrown. */
    public Result poll() {
        Instant deadline = clock.instant().plus(budget);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        boolean caughtUp = true;
        for (Feed feed : Feed.values()) {
            try {
                caughtUp &= poll(feed, deadline, outcomes);
            } catch (PollCursors.MovedException overlapping) {
                caughtUp = false; // another run is reading this feed and is ahead: leave it to that run
                LOG.info("helpdesk poll: another run moved the cursor", kv("feed", feed));
            } catch (RuntimeException e) {
                caughtUp = false;
                metrics.counts(Map.of("HelpdeskPollFailures", 1L));
                LOG.error("helpdesk poll stopped; the next run resumes at the change that failed", kv("feed", feed),
                        kv("error", e.getClass().getSimpleName()));
            }
        }
        LOG.info("helpdesk poll", kv("outcomes", outcomes), kv("caughtUp", caughtUp));
        return new Result(outcomes, caughtUp);
    }

    /** Reads {@code feed} page by page until it is exhausted (true) or the budget is spent (false). */
    private boolean poll(Feed feed, Instant deadline, Map<Outcome, Integer> outcomes) {
        Position at = cursors.load(feed);
        if (at == null) {
            cursors.move(feed, null, changes.newest(feed));
            LOG.info("helpdesk poll: first run, starting at the helpdesk's newest change", kv("feed", feed));
            return true;
        }
        while (true) {
            List<Change> page = changes.after(feed, at, pageSize);
            Position reached = at;
            RuntimeException failure = null;
            for (Change change : page) {
                try {
                    outcomes.merge(accept.apply(change), 1, Integer::sum);
                } catch (RuntimeException e) {
                    failure = e;
                    break;
                }
                reached = Position.after(change);
            }
            if (!reached.equals(at)) {
                cursors.move(feed, at, reached);
                at = reached;
            }
            if (failure != null) {
                throw failure;
            }
            if (page.size() < pageSize) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
        }
    }
}
