package dev.threadline.application;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.application.port.EmbeddingIndex.Candidate;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.TextEmbedder;
import dev.threadline.domain.CaseRecord;
import dev.threadline.domain.CaseText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Similar resolved cases on every new ticket: the nearest learned cases of the same site by a hybrid
 * score (embedding cosine plus the share of the new ticket's words a case contains), the best
 * {@link Settings#topK} above {@link Settings#threshold}, posted as ONE internal note on the new
 * ticket with the evidence and its scores. An internal note never reaches the customer (only a
 * Comment starting with the reply marker does, and Threadline's notes never do).
 *
 * <p>Retrieval must never cost a ticket: it runs after the ticket exists, every failure is counted
 * ({@code CaseSuggestionsFailed}) and swallowed, and a search that took longer than its budget posts
 * nothing ({@code CaseSuggestionsOverBudget}).
 */
public final class SuggestCases {

    private static final Logger LOG = LoggerFactory.getLogger(SuggestCases.class);
    /** Cases read from the index before re-scoring: the lexical half can lift a case the vector ranked lower. */
    private static final int CANDIDATES = 30;

    private final EmbeddingIndex index;
    private final TextEmbedder embedder;
    private final Helpdesk helpdesk;
    private final Metrics metrics;
    private final Clock clock;
    private final Settings settings;
    private final String site;

    /**
     * @param topK cases in the note at most ({@code CASES_TOP_K}, default 3)
     * @param threshold hybrid score a case needs ({@code CASES_THRESHOLD})
     * @param lexicalWeight the lexical share of the hybrid score; the cosine has the rest
     * @param budget the time retrieval may take before its result is dropped ({@code CASES_BUDGET})
     */
    public record Settings(int topK, double threshold, double lexicalWeight, Duration budget) {
        public static final Settings DEFAULT = new Settings(3, 0.40, 0.3, Duration.ofMillis(1500));
    }

    /** A case worth showing, with its scores. */
    public record Match(CaseRecord record, double score, double cosine, double lexical) {}

    public SuggestCases(EmbeddingIndex index, TextEmbedder embedder, Helpdesk helpdesk, Metrics metrics, Clock clock,
                        Settings settings, String site) {
        this.index = index;
        this.embedder = embedder;
        this.helpdesk = helpdesk;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.site = site;
    }

    /** Posts the note for a ticket just opened with {@code text}; never throws. */
    public void onOpened(String ticketId, String text) {
        Instant started = clock.instant();
        try {
            List<Match> matches = find(text, ticketId);
            long elapsed = Duration.between(started, clock.instant()).toMillis();
            metrics.millis("CaseRetrievalTime", elapsed);
            if (elapsed > settings.budget().toMillis()) {
                metrics.counts(Map.of("CaseSuggestionsOverBudget", 1L));
                return;
            }
            if (matches.isEmpty()) {
                metrics.counts(Map.of("CaseSuggestionsNone", 1L));
                return;
            }
            helpdesk.addNote(ticketId, note(matches, clock.instant()));
            metrics.counts(Map.of("CaseSuggestionsPosted", 1L, "CasesSuggested", (long) matches.size()));
        } catch (RuntimeException e) {
            metrics.counts(Map.of("CaseSuggestionsFailed", 1L));
            LOG.warn("similar cases not suggested", kv("ticket", ticketId), kv("error", e.getClass().getSimpleName()));
        }
    }

    /** The cases to suggest for {@code text}, best first; {@code exclude} is the ticket itself. */
    public List<Match> find(String text, String exclude) {
        Set<String> words = CaseText.words(text);
        List<Candidate> candidates = index.nearest(site, embedder.embed(text), CANDIDATES);
        return candidates.stream().filter(c -> !c.record().ticketId().equals(exclude))
                .map(c -> score(c, words))
                .filter(m -> m.score() >= settings.threshold())
                .sorted(Comparator.comparingDouble(Match::score).reversed())
                .limit(settings.topK()).toList();
    }

    private Match score(Candidate c, Set<String> queryWords) {
        double lexical = 0;
        if (!queryWords.isEmpty()) {
            Set<String> caseWords = CaseText.words(LearnFromResolution.embeddable(c.record()));
            lexical = queryWords.stream().filter(caseWords::contains).count() / (double) Math.min(queryWords.size(), 8);
            lexical = Math.min(1.0, lexical);
        }
        double score = (1 - settings.lexicalWeight()) * c.cosine() + settings.lexicalWeight() * lexical;
        return new Match(c.record(), score, c.cosine(), lexical);
    }

    /** The note: one line per case, the escalation payload's evidence (ids, scores, times). Plain text. */
    static String note(List<Match> matches, Instant now) {
        StringBuilder out = new StringBuilder("Similar resolved cases:");
        for (Match m : matches) {
            CaseRecord r = m.record();
            out.append("\n").append(r.ticketId()).append(" (").append(ago(r.resolvedAt(), now)).append("): fixed by ")
                    .append(fix(r.summary())).append(" [tags: ").append(String.join(", ", r.tags()))
                    .append("; score ").append(String.format("%.2f", m.score())).append(" = cosine ")
                    .append(String.format("%.2f", m.cosine())).append(", words ").append(String.format("%.2f", m.lexical()))
                    .append("; resolved ").append(r.resolvedAt()).append("]");
        }
        out.append("\n(Internal note by Threadline from learned cases; not sent to the customer.)");
        return out.toString();
    }

    private static String fix(String summary) {
        int at = summary.indexOf("Fix: ");
        String fix = at >= 0 ? summary.substring(at + 5) : summary;
        return CaseText.bounded(fix.replaceAll("\\s+", " "), 200);
    }

    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.toDays() >= 1) {
            return d.toDays() + (d.toDays() == 1 ? " day ago" : " days ago");
        }
        if (d.toHours() >= 1) {
            return d.toHours() + (d.toHours() == 1 ? " hour ago" : " hours ago");
        }
        return "today";
    }
}
