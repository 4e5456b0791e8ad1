package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.CaseStore;
import dev.threadline.application.port.CaseSummarizer;
import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.ResolutionDesk;
import dev.threadline.application.port.TextEmbedder;
import dev.threadline.domain.CaseRecord;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.ResolvedTicket;
import dev.threadline.domain.TicketStatus;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every solved ticket teaches the next one: on a Resolved or Closed event, the ticket's resolution
 * summary and tags are written to the helpdesk (only where it has none) and stored as a case.
 *
 * <p><b>Exactly one summary, tag set and case</b>, whatever the redeliveries, the order of events or
 * a crash between the steps, because every step reads before it writes and the helpdesk is written
 * first: the summary is generated only while the ticket's resolution field is empty and its tags only
 * while it has none, and the case is stored under the ticket id from what the helpdesk then holds. A
 * rerun after a crash finds the summary written and stores the case from it. An event older than the
 * ticket's state is harmless: the ticket is read as it is now, and a reopened one is not learned.
 *
 * <p><b>Agents stay in charge.</b> Their own {@code resolution_details} is never overwritten, it is the
 * case's summary; when they edit it later, the next event of the ticket updates the case. The tag
 * {@value #NO_LEARN} removes a case and keeps the ticket out.
 */
public final class LearnFromResolution {

    public static final String NO_LEARN = "no-learn";
    private static final Logger LOG = LoggerFactory.getLogger(LearnFromResolution.class);

    private final ResolutionDesk desk;
    private final CaseStore cases;
    private final EmbeddingIndex index;
    private final TextEmbedder embedder;
    private final CaseSummarizer summarizer;
    private final ReplyPolicy replies;
    private final Metrics metrics;
    private final Clock clock;
    private final CaseSummarizer offline = new ExtractiveSummarizer();

    /** @param summarizer the LLM's, or {@code null} for the offline summary alone */
    public LearnFromResolution(ResolutionDesk desk, CaseStore cases, EmbeddingIndex index, TextEmbedder embedder,
                               CaseSummarizer summarizer, ReplyPolicy replies, Metrics metrics, Clock clock) {
        this.desk = desk;
        this.cases = cases;
        this.index = index;
        this.embedder = embedder;
        this.summarizer = summarizer;
        this.replies = replies;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * After a helpdesk event was applied. A transient helpdesk failure propagates (the event is retried
     * with its customer's queue); a permanent one is counted and logged, and the event stays applied.
     */
    public void after(HelpdeskEvent event) {
        if (event.kind() != HelpdeskEvent.Kind.STATUS
                || (event.status() != TicketStatus.RESOLVED && event.status() != TicketStatus.CLOSED)) {
            return;
        }
        try {
            learn(event.ticketId());
        } catch (PermanentHelpdeskException e) {
            metrics.counts(Map.of("CaseLearningFailed", 1L));
            LOG.warn("resolution not learned: the helpdesk refused", kv("ticket", event.ticketId()), kv("detail", e.getMessage()));
        }
    }

    /** Learns (or relearns) the ticket's resolution; what it did, for the caller's logs and tests. */
    public String learn(String ticketId) {
        ResolvedTicket ticket = desk.read(ticketId);
        String site = desk.site();
        if (!ticket.solved()) {
            return count("CasesSkippedNotSolved", "skipped: the ticket is not solved now");
        }
        Optional<CaseRecord> existing = cases.find(site, ticketId);
        if (ticket.tags().stream().anyMatch(NO_LEARN::equalsIgnoreCase)) {
            if (existing.isPresent()) {
                cases.remove(site, ticketId);
                indexed(() -> index.remove(site, ticketId));
            }
            return count("CasesExcluded", "excluded by the " + NO_LEARN + " tag");
        }
        String summary = ticket.resolutionDetails();
        List<String> tags = ticket.tags().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
                .limit(CaseRecord.MAX_TAGS).toList();
        if (summary.isEmpty() || tags.isEmpty()) {
            CaseSummarizer.Summary made = summarize(ticket);
            // Tags before the summary: a crash in between leaves tags, and the rerun then keeps them.
            if (tags.isEmpty() && !made.tags().isEmpty()) {
                desk.addTags(ticketId, made.tags());
                tags = made.tags();
            }
            if (summary.isEmpty()) {
                desk.writeResolution(ticketId, made.text());
                summary = made.text();
                metrics.counts(Map.of("ResolutionsWritten", 1L));
            }
        }
        if (existing.isPresent() && existing.get().sameContent(summary, tags) && existing.get().model().equals(embedder.model())) {
            return count("CasesUnchanged", "unchanged");
        }
        CaseRecord record = new CaseRecord(ticketId, site, summary, tags, ticket.issueType(),
                existing.map(CaseRecord::resolvedAt).orElse(clock.instant()), new float[0], embedder.model());
        record = record.withEmbedding(embedder.embed(embeddable(record)), embedder.model());
        cases.put(record);
        CaseRecord stored = record;
        indexed(() -> index.upsert(stored));
        return count(existing.isPresent() ? "CasesUpdated" : "CasesLearned", existing.isPresent() ? "updated" : "learned");
    }

    /** The text a case is found by: its tags, type and summary. */
    public static String embeddable(CaseRecord record) {
        return String.join(" ", record.tags()) + (record.issueType() == null ? "" : " " + record.issueType()) + ". "
                + record.summary();
    }

    private CaseSummarizer.Summary summarize(ResolvedTicket ticket) {
        List<String> visible = ticket.agentComments().stream().map(replies::replyIn).filter(r -> r != null && !r.isEmpty()).toList();
        List<String> notes = ticket.agentComments().stream().filter(c -> replies.replyIn(c) == null).toList();
        CaseSummarizer.Input input = new CaseSummarizer.Input(ticket.subject(), ticket.issueType(), ticket.customerMessages(),
                visible, notes);
        if (summarizer != null) {
            try {
                return summarizer.summarize(input);
            } catch (AiUnavailableException e) {
                metrics.counts(Map.of("CaseSummaryFallbacks", 1L));
            }
        }
        return offline.summarize(input);
    }

    /**
     * The case store is the truth and the index a copy ({@code reindex} rebuilds it): a vector engine that is
     * down must not hold up the customer's queue behind this event, so its failure is counted, not retried.
     */
    private void indexed(Runnable change) {
        try {
            change.run();
        } catch (EmbeddingIndex.IndexUnavailableException e) {
            metrics.counts(Map.of("CaseIndexFailed", 1L));
            LOG.warn("case stored but not indexed; ./threadline reindex --all repairs the index", kv("detail", e.getMessage()));
        }
    }

    private String count(String metric, String outcome) {
        metrics.counts(Map.of(metric, 1L));
        return outcome;
    }
}
