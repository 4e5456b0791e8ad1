package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.application.port.TextEmbedder;
import dev.threadline.domain.CaseRecord;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retrieval never costs a ticket: a failing index is a metric and no note, a search over its budget posts
 * nothing, and a found case is one internal note. The index here is a list (the port's contract is tested
 * on its real adapters: CaseIndexIT, OpenSearchCaseIndexContractTest).
 */
class SuggestCasesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final CaseRecord vpn = new CaseRecord("ISS-1", "site", "Problem: VPN 809\nFix: renewed the certificate",
            List.of("vpn"), "Network", clock.instant().minus(Duration.ofDays(2)), new float[] {1, 0}, "m");

    /** An embedder that takes {@code takes} of the clock's time: the budget is measured on the clock. */
    private TextEmbedder embedder(Duration takes) {
        return new TextEmbedder() {
            @Override
            public String model() {
                return "m";
            }

            @Override
            public float[] embed(String text) {
                clock.advance(takes);
                return text.contains("vpn") ? new float[] {1, 0} : new float[] {0, 1};
            }
        };
    }

    private EmbeddingIndex index(boolean failing) {
        return new EmbeddingIndex() {
            @Override
            public void upsert(CaseRecord record) {}

            @Override
            public void remove(String site, String ticketId) {}

            @Override
            public List<Candidate> nearest(String site, float[] vector, int n) {
                if (failing) {
                    throw new IndexUnavailableException("down", null);
                }
                return List.of(new Candidate(vpn, vector[0]));
            }
        };
    }

    private int tickets;

    private String ticket() {
        return "ISS-2026-0000" + (++tickets + 1);
    }

    @Test
    void aSimilarCaseIsOneInternalNote_anUnrelatedTicketGetsNone() {
        SuggestCases suggest = new SuggestCases(index(false), embedder(Duration.ZERO), helpdesk, metrics, clock,
                SuggestCases.Settings.DEFAULT, "site");
        String related = ticket();
        String unrelated = ticket();

        suggest.onOpened(related, "my vpn shows error 809");
        suggest.onOpened(unrelated, "where is my invoice");

        assertThat(helpdesk.notes(related)).singleElement().asString().startsWith("Similar resolved cases:\nISS-1 (2 days ago)");
        assertThat(helpdesk.notes(unrelated)).isEmpty();
        assertThat(metrics.total("CaseSuggestionsPosted")).isEqualTo(1);
        assertThat(metrics.total("CaseSuggestionsNone")).isEqualTo(1);
    }

    @Test
    void aFailingIndexIsAMetric_neverAnError() {
        SuggestCases suggest = new SuggestCases(index(true), embedder(Duration.ZERO), helpdesk, metrics, clock,
                SuggestCases.Settings.DEFAULT, "site");
        String t = ticket();

        suggest.onOpened(t, "my vpn shows error 809");

        assertThat(helpdesk.notes(t)).isEmpty();
        assertThat(metrics.total("CaseSuggestionsFailed")).isEqualTo(1);
    }

    @Test
    void aSearchOverItsBudgetPostsNothing() {
        SuggestCases suggest = new SuggestCases(index(false), embedder(Duration.ofSeconds(2)), helpdesk, metrics, clock,
                SuggestCases.Settings.DEFAULT, "site");
        String t = ticket();

        suggest.onOpened(t, "my vpn shows error 809");

        assertThat(helpdesk.notes(t)).isEmpty();
        assertThat(metrics.total("CaseSuggestionsOverBudget")).isEqualTo(1);
    }
}
