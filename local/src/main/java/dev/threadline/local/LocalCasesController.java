package dev.threadline.local;

import dev.threadline.application.ReindexCases;
import dev.threadline.application.port.CaseStore;
import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.application.port.ResolutionDesk;
import dev.threadline.application.port.TextEmbedder;
import dev.threadline.domain.CaseRecord;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learned cases, for {@code ./threadline cases [--search TEXT]} and {@code ./threadline reindex}.
 * Only in the local runner, and only when resolution learning is on.
 */
@Controller("/ops/cases")
@Requires(property = "threadline.local", value = "true")
@Requires(beans = ReindexCases.class)
public class LocalCasesController {

    private final CaseStore cases;
    private final EmbeddingIndex index;
    private final TextEmbedder embedder;
    private final ReindexCases reindex;
    private final String site;

    public LocalCasesController(CaseStore cases, EmbeddingIndex index, TextEmbedder embedder, ReindexCases reindex,
                                ResolutionDesk desk) {
        this.cases = cases;
        this.index = index;
        this.embedder = embedder;
        this.reindex = reindex;
        this.site = desk.site();
    }

    /** Every case, newest first; with {@code search}, the ten nearest with their cosine. */
    @Get
    public List<Map<String, Object>> list(@Nullable @QueryValue String search) {
        if (search == null || search.isBlank()) {
            return cases.all(site).stream().sorted(Comparator.comparing(CaseRecord::resolvedAt).reversed())
                    .map(r -> row(r, null)).toList();
        }
        return index.nearest(site, embedder.embed(search), 10).stream().map(c -> row(c.record(), c.cosine())).toList();
    }

    @Post("/reindex")
    public Map<String, Object> reindex(@Nullable @QueryValue String all) {
        ReindexCases.Result result = reindex.reindex(site, "true".equals(all));
        return Map.of("cases", result.cases(), "recomputed", result.recomputed(), "model", result.model());
    }

    private static Map<String, Object> row(CaseRecord r, Double score) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ticket", r.ticketId());
        row.put("resolvedAt", r.resolvedAt().toString());
        row.put("tags", r.tags());
        row.put("issueType", r.issueType());
        row.put("model", r.model());
        row.put("summary", r.summary());
        if (score != null) {
            row.put("cosine", Math.round(score * 100) / 100.0);
        }
        return row;
    }
}
