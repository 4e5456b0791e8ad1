package dev.threadline.ticket;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.application.TicketPolicy;
import dev.threadline.application.ThreadMessages;
import dev.threadline.application.ThreadMessages.Outcome;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.AgentNotifier.Notice;
import dev.threadline.application.port.DeadLetters;
import dev.threadline.application.port.DeadLetters.DeadJob;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.InboundMessage;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS FIFO batch, with Lambda's partial-batch semantics ({@code ReportBatchItemFailures}).
 *
 * <p>Jobs are grouped by {@code MessageGroupId} (one customer each) in arrival order. A group's
 * consecutive jobs form one turn when bursts are merged. When a turn fails transiently, that turn
 * and every later job <em>of the same group</em> are reported as failures, so SQS redelivers them in
 * order; other customers in the batch carry on. (Powertools' FIFO handler fails the whole rest of
 * the batch instead: simpler, but one slow customer then holds up everyone in the batch.)
 *
 * <p>A job that can never succeed (unreadable, or refused by the helpdesk for good) goes to the
 * dead-letter queue with its reason and is acknowledged. If even that fails, it is reported as a
 * failure: nothing is ever dropped.
 */
@Singleton
@Requires(beans = {ThreadMessages.class, DeadLetters.class})
public class TicketBatch {

    private static final Logger LOG = LoggerFactory.getLogger(TicketBatch.class);

    private final ThreadMessages threadMessages;
    private final JobCodec codec;
    private final DeadLetters deadLetters;
    private final AgentNotifier notifier;
    private final Metrics metrics;
    private final TicketPolicy policy;

    public TicketBatch(ThreadMessages threadMessages, JobCodec codec, DeadLetters deadLetters, AgentNotifier notifier,
                       Metrics metrics, TicketPolicy policy) {
        this.threadMessages = threadMessages;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.notifier = notifier;
        this.metrics = metrics;
        this.policy = policy;
    }

    /** Processes the batch; returns the SQS message ids to report as failed. */
    public List<String> process(List<SQSMessage> records) {
        Map<String, List<SQSMessage>> groups = new LinkedHashMap<>();
        for (SQSMessage record : records) {
            groups.computeIfAbsent(groupOf(record), g -> new ArrayList<>()).add(record);
        }
        List<String> failed = new ArrayList<>();
        groups.values().forEach(group -> failed.addAll(processGroup(group)));
        return failed;
    }

    private List<String> processGroup(List<SQSMessage> group) {
        List<List<Job>> turns = turns(group);
        for (int i = 0; i < turns.size(); i++) {
            List<Job> turn = turns.get(i);
            try {
                Outcome outcome = threadMessages.handle(turn.stream().map(Job::message).toList());
                LOG.info("turn applied", kv("outcome", outcome.getClass().getSimpleName()), kv("messages", turn.size()),
                        kv("customer", turn.get(0).message().customer().fingerprint()));
            } catch (PermanentHelpdeskException e) {
                // Dead-letter the refused effect's messages only. They are the whole turn, unless the turn began
                // by finishing an effect a crashed attempt had claimed: then its later messages were never
                // tried, and they go on as a turn of their own.
                List<Job> refused = refused(turn, e);
                if (!refused.isEmpty() && !deadLetter(refused, "helpdesk refused: " + e.getMessage())) {
                    return remainingIds(turns, i);
                }
                List<Job> untried = turn.stream().filter(job -> !refused.contains(job)).toList();
                if (!untried.isEmpty()) {
                    turns.add(i + 1, untried);
                }
            } catch (RuntimeException e) {
                LOG.warn("turn failed, will be retried with the rest of its group", kv("error", e.getClass().getSimpleName()),
                        kv("detail", e.getMessage()), kv("customer", turn.get(0).message().customer().fingerprint()));
                metrics.counts(Map.of("TurnsRetried", 1L));
                return remainingIds(turns, i);
            }
        }
        return List.of();
    }

    /** Decodes a group's jobs (dead-lettering unreadable ones) and cuts them into turns. */
    private List<List<Job>> turns(List<SQSMessage> group) {
        List<List<Job>> turns = new ArrayList<>();
        List<Job> current = new ArrayList<>();
        for (SQSMessage record : group) {
            InboundMessage message;
            try {
                message = codec.decode(record.getBody());
            } catch (IllegalArgumentException e) {
                List<Job> bad = List.of(new Job(record, null));
                if (!deadLetter(bad, "unreadable job: " + e.getMessage())) {
                    // Keep order: the unreadable job and everything after it are retried.
                    if (!current.isEmpty()) {
                        turns.add(current);
                    }
                    turns.add(List.of(new Job(record, null)));
                    return turns;
                }
                continue;
            }
            current.add(new Job(record, message));
            if (!policy.mergeBursts()) {
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
            deadLetters.deadLetter(jobs.stream().map(j -> new DeadJob(j.record().getBody(), groupOf(j.record()),
                    dedupOf(j.record()))).toList(), reason);
        } catch (RuntimeException e) {
            LOG.error("dead-lettering failed; the jobs stay on the queue", kv("error", e.getClass().getSimpleName()),
                    kv("jobs", jobs.size()));
            return false;
        }
        LOG.error("jobs dead-lettered", kv("jobs", jobs.size()), kv("reason", reason));
        metrics.counts(Map.of("JobsDeadLettered", (long) jobs.size()));
        notifier.notify(new Notice(AgentNotifier.Kind.PERMANENT_FAILURE, jobs.size()
                + " WhatsApp message(s) could not be turned into a ticket and were moved to the dead-letter queue: " + reason));
        return true;
    }

    private static List<Job> refused(List<Job> turn, PermanentHelpdeskException e) {
        if (!(e instanceof ThreadMessages.TurnRefusedException refused)) {
            return turn;
        }
        return turn.stream().filter(job -> refused.messageIds().contains(job.message().messageId())).toList();
    }

    private static List<String> remainingIds(List<List<Job>> turns, int from) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < turns.size(); i++) {
            turns.get(i).forEach(job -> ids.add(job.record().getMessageId()));
        }
        return ids;
    }

    private static String groupOf(SQSMessage record) {
        return record.getAttributes() == null ? "" : record.getAttributes().getOrDefault("MessageGroupId", "");
    }

    private static String dedupOf(SQSMessage record) {
        String id = record.getAttributes() == null ? null : record.getAttributes().get("MessageDeduplicationId");
        return id != null ? id : record.getMessageId();
    }

    /** A queued record and, once decoded, its message ({@code null} if unreadable). */
    private record Job(SQSMessage record, InboundMessage message) {}
}
