package dev.threadline.application;

import dev.threadline.application.port.CaseStore;
import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.application.port.TextEmbedder;
import dev.threadline.domain.CaseRecord;

/**
 * {@code ./threadline reindex}: recomputes the vector of every case whose recorded model is not the
 * current one (after a model change, {@code JUDGE_EMBEDDING_MODEL_PATH}), or of every case.
 */
public final class ReindexCases {

    private final CaseStore cases;
    private final EmbeddingIndex index;
    private final TextEmbedder embedder;

    public ReindexCases(CaseStore cases, EmbeddingIndex index, TextEmbedder embedder) {
        this.cases = cases;
        this.index = index;
        this.embedder = embedder;
    }

    /** What a run did. */
    public record Result(int cases, int recomputed, String model) {}

    public Result reindex(String site, boolean all) {
        int total = 0;
        int recomputed = 0;
        for (CaseRecord record : cases.all(site)) {
            total++;
            if (all || !record.model().equals(embedder.model())) {
                CaseRecord fresh = record.withEmbedding(embedder.embed(LearnFromResolution.embeddable(record)), embedder.model());
                cases.put(fresh);
                index.upsert(fresh);
                recomputed++;
            }
        }
        return new Result(total, recomputed, embedder.model());
    }
}
