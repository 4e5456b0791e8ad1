package dev.threadline.application;

import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Notice;
import dev.threadline.application.port.DeadLetters;
import dev.threadline.application.port.DeadLetters.DeadJob;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.JobFormat;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.QueuedJob;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ticket-fn's batch use case: one batch of queued jobs, with partial-batch semantics.
 *
 * <p>Jobs are grouped by FIFO group (one customer each) in arrival order. A group's consecutive jobs
 * form one turn when bursts are merged ({@code MERGE_BURSTS}); {@link ThreadMessages} then cuts the
 * turn wherever an episode ends. When a turn fails transiently, that turn and every later job <em>of
 * the same group</em> are reported as failures, so the queue redelivers them in order; other
 * customers in the batch carry on. (Powertools' FIFO handler fails the whole rest of the batch:
 * simpler, but one slow customer then holds up everyone in the batch.)
 *
 * <p>A job that can never succeed (unreadable, or refused by the helpdesk for good) goes to the
 * dead-letter queue with its reason and is acknowledged. If even that fails, it is reported as a
 * failure: nothing is ever dropped. A job that fails on its last allowed receive is logged with its
 * reason before the queue moves it to the dead-letter queue, so that move is never silent.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class ApplyJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyJobs.class);

    private final ThreadMessages threadMessages;
    private final FollowHelpdesk helpdeskSide;
    private final NoteCustomerError customerErrors;
    private final JobFormat format;
    private final DeadLetters deadLetters;
    private final AgentNotifier notifier;
    private final Metrics metrics;
    private final TicketPolicy policy;
    private LearnFromResolution learning;
    private SuggestCases suggestions;

    public ApplyJobs(ThreadMessages threadMessages, FollowHelpdesk helpdeskSide, NoteCustomerError customerErrors,
                     JobFormat format, DeadLetters deadLetters, AgentNotifier notifier, Metrics metrics, TicketPolicy policy) {
        this.threadMessages = threadMessages;
        this.helpdeskSide = helpdeskSide;
        this.customerErrors = customerErrors;
        this.format = format;
        this.deadLetters = deadLetters;
        this.notifier = notifier;
        this.metrics = metrics;
        this.policy = policy;
    }

    /** Resolution learning (README, "Resolution learning"), when it is on: after status events, and on new tickets. */
    @Inject
    public void learnWith(@Nullable LearnFromResolution learning, @Nullable SuggestCases suggestions) {
        this.learning = learning;
        this.suggestions = suggestions;
    }

    /**
     * A queued job as the queue delivered it.
     *
     * @param receiveCount how often the queue has delivered it, this time included
     */
    public record Job(String id, String groupId, String deduplicationId, String body, int receiveCount) {}

    /** Applies the batch; returns the ids of the jobs to report as failed (to be redelivered). */
    public List<String> apply(List<Job> jobs) {
        Map<String, List<Job>> groups = new LinkedHashMap<>();
        for (Job job : jobs) {
            groups.computeIfAbsent(job.groupId(), g -> new ArrayList<>()).add(job);
        }
        List<String> failed = new ArrayList<>();
        groups.values().forEach(group -> failed.addAll(applyGroup(group)));
        return failed;
    }

    private List<String> applyGroup(List<Job> group) {
        List<List<Decoded>> turns = turns(group);
        for (int i = 0; i < turns.size(); i++) {
            List<Decoded> turn = turns.get(i);
            if (turn.get(0).message() == null) {
                // Unreadable and not dead-lettered: it and the rest of its group wait for the next delivery.
                return remainingIds(turns, i);
            }
            try {
                applyTurn(turn);
            } catch (PermanentHelpdeskException e) {
                // Dead-letter the refused effect's messages only. They are the whole turn, unless the turn began
                // by finishing an effect a crashed attempt had claimed, or was cut into parts: then its later
                // messages were never tried, and they go on as a turn of their own.
                List<Decoded> refused = refused(turn, e);
                if (!refused.isEmpty() && !deadLetter(refused.stream().map(Decoded::job).toList(), "helpdesk refused: " + e.getMessage())) {
                    return remainingIds(turns, i);
                }
                List<Decoded> untried = turn.stream().filter(d -> !refused.contains(d)).toList();
                if (!untried.isEmpty()) {
                    turns.add(i + 1, untried);
                }
            } catch (RuntimeException e) {
                LOG.warn("turn failed, will be retried with the rest of its group", kv("error", e.getClass().getSimpleName()),
                        kv("detail", e.getMessage()), kv("customer", turn.get(0).message().customer().fingerprint()));
                metrics.counts(Map.of("TurnsRetried", 1L));
                List<String> remaining = remainingIds(turns, i);
                warnLastReceive(turns, i, e);
                return remaining;
            }
        }
        return List.of();
    }

    /** A turn of customer messages, or one helpdesk event, delivery report or customer error. */
    private void applyTurn(List<Decoded> turn) {
        switch (turn.get(0).message()) {
            case InboundMessage first -> {
                Outcome outcome = threadMessages.handle(turn.stream().map(d -> (InboundMessage) d.message()).toList());
                LOG.info("turn applied", kv("outcome", outcome.getClass().getSimpleName()), kv("messages", turn.size()),
                        kv("customer", first.customer().fingerprint()));
                if (outcome.repliesWaiting()) {
                    helpdeskSide.releaseHeld(first.customer());
                }
                if (suggestions != null) {
                    CaseHooks.suggest(suggestions, outcome, turn.stream().map(d -> (InboundMessage) d.message()).toList());
                }
            }
            case HelpdeskEvent event -> {
                helpdeskSide.apply(event);
                if (learning != null) {
                    learning.after(event);
                }
                LOG.info("helpdesk event applied", kv("doctype", event.doctype()), kv("kind", event.kind().name()),
                        kv("ticket", event.ticketId()), kv("customer", event.customer().fingerprint()));
            }
            case DeliveryReport report -> {
                helpdeskSide.apply(report);
                LOG.info("delivery report applied", kv("status", report.status()), kv("ticket", report.callback().ticketId()),
                        kv("customer", report.customer().fingerprint()));
            }
            case CustomerError error -> customerErrors.apply(error);
        }
    }

    /** The queue dead-letters a job after its last allowed receive; say so, with the reason, before it does. */
    private void warnLastReceive(List<List<Decoded>> turns, int from, RuntimeException cause) {
        long last = turns.subList(from, turns.size()).stream().flatMap(List::stream)
                .filter(d -> d.job().receiveCount() >= policy.maxReceives()).count();
        if (last > 0) {
            LOG.error("jobs failed on their last allowed receive; the queue moves them to the dead-letter queue now",
                    kv("jobs", last), kv("max_receives", policy.maxReceives()), kv("error", cause.getClass().getSimpleName()),
                    kv("reason", cause.getMessage()));
            metrics.counts(Map.of("JobsExhausted", last));
        }
    }

    /** Decodes a group's jobs (dead-lettering unreadable ones) and cuts them into turns. */
    private List<List<Decoded>> turns(List<Job> group) {
        List<List<Decoded>> turns = new ArrayList<>();
        List<Decoded> current = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Job job = group.get(i);
            QueuedJob message;
            try {
                message = format.decode(job.body());
            } catch (IllegalArgumentException e) {
                if (!deadLetter(List.of(job), "unreadable job: " + e.getMessage())) {
                    // Keep order: the unreadable job and everything after it are retried, none dropped.
                    if (!current.isEmpty()) {
                        turns.add(current);
                    }
                    turns.add(group.subList(i, group.size()).stream().map(j -> new Decoded(j, null)).toList());
                    return turns;
                }
                continue;
            }
            if (!(message instanceof InboundMessage) && !current.isEmpty()) {
                turns.add(current); // helpdesk events and reports are applied one at a time, in order
                current = new ArrayList<>();
            }
            current.add(new Decoded(job, message));
            if (!policy.mergeBursts() || !(message instanceof InboundMessage)) {
                turns.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            turns.add(current);
        }
        return turns;
    }

    private boolean deadLetter(List<Job> jobs, String reason) {
        try {
            deadLetters.deadLetter(jobs.stream().map(j -> new DeadJob(j.body(), j.groupId(), j.deduplicationId())).toList(), reason);
        } catch (RuntimeException e) {
            LOG.error("dead-lettering failed; the jobs stay on the queue", kv("error", e.getClass().getSimpleName()),
                    kv("jobs", jobs.size()));
            return false;
        }
        LOG.error("jobs dead-lettered", kv("jobs", jobs.size()), kv("reason", reason));
        metrics.counts(Map.of("JobsDeadLettered", (long) jobs.size()));
        notifier.notify(new Notice.DeadLettered(jobs.size(), reason));
        return true;
    }

    private static List<Decoded> refused(List<Decoded> turn, PermanentHelpdeskException e) {
        if (!(e instanceof ThreadMessages.TurnRefusedException refused)) {
            return turn;
        }
        return turn.stream().filter(d -> d.message() instanceof InboundMessage m && refused.messageIds().contains(m.messageId()))
                .toList();
    }

    private static List<String> remainingIds(List<List<Decoded>> turns, int from) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < turns.size(); i++) {
            turns.get(i).forEach(d -> ids.add(d.job().id()));
        }
        return ids;
    }

    /** A job and, once decoded, what it carries ({@code null} if unreadable). */
    private record Decoded(Job job, QueuedJob message) {}
}
