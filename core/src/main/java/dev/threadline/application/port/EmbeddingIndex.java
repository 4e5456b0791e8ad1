package dev.threadline.application.port;

import dev.threadline.domain.CaseRecord;
import java.util.List;

/**
 * Nearest learned cases by vector. The default keeps every case of the site in memory, loaded once
 * per function instance from the {@link CaseStore} and refreshed incrementally; past some hundred
 * thousand cases a vector engine takes over (OpenSearch k-NN; BENCHMARKS.md, "Resolution learning").
 */
public interface EmbeddingIndex {

    /** Adds or replaces the case. */
    void upsert(CaseRecord record);

    void remove(String site, String ticketId);

    /** Up to {@code n} cases of the site, most similar first (cosine of unit vectors). */
    List<Candidate> nearest(String site, float[] vector, int n);

    /** A case and its cosine similarity to the query. */
    record Candidate(CaseRecord record, double cosine) {}

    /** The engine could not answer (unreachable, refused); retrieval counts it and goes on without. */
    class IndexUnavailableException extends RuntimeException {
        public IndexUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
