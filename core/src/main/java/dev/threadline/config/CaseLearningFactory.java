package dev.threadline.config;

import dev.threadline.adapter.dynamodb.DynamoDbCaseStore;
import dev.threadline.adapter.index.InMemoryCaseIndex;
import dev.threadline.adapter.index.OpenSearchCaseIndex;
import dev.threadline.application.LearnFromResolution;
import dev.threadline.application.ReindexCases;
import dev.threadline.application.ReplyPolicy;
import dev.threadline.application.SuggestCases;
import dev.threadline.application.port.CaseStore;
import dev.threadline.application.port.CaseSummarizer;
import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.ResolutionDesk;
import dev.threadline.application.port.TextEmbedder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * Resolution learning's beans (README, "Resolution learning"), in ticket-fn and the local stack only,
 * and only when {@code CASES} is not {@code off}. The defaults are written here only. The index is
 * {@code CASES_INDEX}: {@code memory} (vectors in DynamoDB, searched in this instance's memory) or
 * {@code opensearch} (a k-NN index at {@code OPENSEARCH_URL}, see {@code OpenSearchCaseIndex}).
 */
@Factory
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
@Requires(property = "threadline.cases.enabled", notEquals = "off")
public class CaseLearningFactory {

    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
    /** all-MiniLM-L6-v2's; another model (JUDGE_EMBEDDING_MODEL_PATH) with OpenSearch needs a new index. */
    static final int EMBEDDING_DIMENSION = 384;

    @Singleton
    @Requires(property = "threadline.cases.index", notEquals = "opensearch")
    EmbeddingIndex memoryIndex(CaseStore store, Clock clock, @Value("${threadline.cases.refresh:}") String refresh) {
        return new InMemoryCaseIndex(store, clock, Settings.duration(refresh, "CASES_REFRESH", DEFAULT_REFRESH),
                DynamoDbCaseStore.JOURNAL_TTL);
    }

    @Singleton
    @Requires(property = "threadline.cases.index", value = "opensearch")
    EmbeddingIndex openSearchIndex(@Value("${threadline.cases.opensearch.url:}") String url,
                                   @Value("${threadline.cases.opensearch.index:}") String index,
                                   @Value("${threadline.cases.opensearch.auth:}") String authorization) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("CASES_INDEX=opensearch needs OPENSEARCH_URL: the domain's endpoint");
        }
        return new OpenSearchCaseIndex(url.strip(), Settings.text(index, "threadline-cases"), authorization,
                EMBEDDING_DIMENSION, Duration.ofSeconds(2));
    }

    @Singleton
    @Requires(beans = TextEmbedder.class)
    LearnFromResolution learnFromResolution(ResolutionDesk desk, CaseStore cases, EmbeddingIndex index, TextEmbedder embedder,
                                            @Nullable CaseSummarizer llm, ReplyPolicy replies, Metrics metrics, Clock clock) {
        return new LearnFromResolution(desk, cases, index, embedder, llm, replies, metrics, clock);
    }

    @Singleton
    @Requires(beans = TextEmbedder.class)
    ReindexCases reindexCases(CaseStore cases, EmbeddingIndex index, TextEmbedder embedder) {
        return new ReindexCases(cases, index, embedder);
    }

    @Singleton
    @Requires(beans = TextEmbedder.class)
    SuggestCases suggestCases(EmbeddingIndex index, TextEmbedder embedder, Helpdesk helpdesk, ResolutionDesk desk,
                              Metrics metrics, Clock clock,
                              @Value("${threadline.cases.top-k:}") String topK,
                              @Value("${threadline.cases.threshold:}") String threshold,
                              @Value("${threadline.cases.budget:}") String budget) {
        SuggestCases.Settings d = SuggestCases.Settings.DEFAULT;
        SuggestCases.Settings settings = new SuggestCases.Settings(Settings.integer(topK, "CASES_TOP_K", d.topK()),
                Settings.decimal(threshold, "CASES_THRESHOLD", d.threshold()), d.lexicalWeight(),
                Settings.duration(budget, "CASES_BUDGET", d.budget()));
        return new SuggestCases(index, embedder, helpdesk, metrics, clock, settings, desk.site());
    }
}
