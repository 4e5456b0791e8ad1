package dev.threadline.adapter.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.domain.CaseRecord;
import dev.threadline.emulators.opensearch.OpenSearchFake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenSearch adapter against a fake of OpenSearch's k-NN API: the index is created once with a
 * knn_vector mapping, cases are upserted and removed by (site, ticket), the nearest come back with
 * their cosine, other sites' cases never, and an unreachable engine is an {@link
 * EmbeddingIndex.IndexUnavailableException}.
 */
class OpenSearchCaseIndexContractTest {

    private final OpenSearchFake fake = OpenSearchFake.start();
    private final OpenSearchCaseIndex index = new OpenSearchCaseIndex(fake.baseUrl(), "threadline-cases", null, 3,
            Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        fake.close();
    }

    private static CaseRecord record(String site, String ticket, float... v) {
        return new CaseRecord(ticket, site, "Problem: x\nFix: y", List.of("vpn"), "Network", Instant.parse("2026-12-01T10:00:00Z"),
                v, "m@1");
    }

    @Test
    void nearestCasesOfTheSameSite_withTheirCosine() {
        index.upsert(record("erp.example.com", "ISS-1", 1, 0, 0));
        index.upsert(record("erp.example.com", "ISS-2", 0, 1, 0));
        index.upsert(record("other.example.com", "ISS-9", 1, 0, 0));

        List<EmbeddingIndex.Candidate> found = index.nearest("erp.example.com", new float[] {0.8f, 0.6f, 0}, 5);

        assertThat(found).extracting(c -> c.record().ticketId()).containsExactly("ISS-1", "ISS-2");
        assertThat(found.get(0).cosine()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(found.get(0).record().tags()).containsExactly("vpn");
        assertThat(found.get(0).record().resolvedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(fake.requests().stream().filter(r -> r.equals("PUT /threadline-cases")).count()).isEqualTo(1);
    }

    @Test
    void anUpsertReplaces_andARemoveRemoves_evenTwice() {
        index.upsert(record("s", "ISS-1", 1, 0, 0));
        index.upsert(record("s", "ISS-1", 0, 0, 1));
        assertThat(fake.documents("threadline-cases")).isEqualTo(1);
        assertThat(index.nearest("s", new float[] {0, 0, 1}, 1).get(0).cosine()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));

        index.remove("s", "ISS-1");
        index.remove("s", "ISS-1");
        assertThat(index.nearest("s", new float[] {0, 0, 1}, 3)).isEmpty();
    }

    @Test
    void anotherInstanceFindsTheIndexCreatedAlready() {
        index.upsert(record("s", "ISS-1", 1, 0, 0));
        OpenSearchCaseIndex second = new OpenSearchCaseIndex(fake.baseUrl(), "threadline-cases", null, 3, Duration.ofSeconds(2));
        assertThat(second.nearest("s", new float[] {1, 0, 0}, 3)).hasSize(1);
    }

    @Test
    void aWrongDimensionOrNoEngineIsUnavailable_neverAWrongAnswer() {
        assertThatThrownBy(() -> index.upsert(record("s", "ISS-1", 1, 0))).isInstanceOf(EmbeddingIndex.IndexUnavailableException.class)
                .hasMessage("OpenSearch answered HTTP 400 to PUT");
        OpenSearchCaseIndex nowhere = new OpenSearchCaseIndex("http://127.0.0.1:9", "cases", null, 3, Duration.ofMillis(500));
        assertThatThrownBy(() -> nowhere.nearest("s", new float[] {1, 0, 0}, 3))
                .isInstanceOf(EmbeddingIndex.IndexUnavailableException.class);
    }
}
