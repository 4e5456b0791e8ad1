package dev.threadline.adapter.judge;

import dev.threadline.application.port.TextEmbedder;
import dev.threadline.config.Functions;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Resolution learning's {@link TextEmbedder}: the offline judge's sentence model (one copy in memory),
 * or, with {@code JUDGE_MODE=llm} where the judge is not loaded, the same model opened on its own.
 * The recorded model name carries the langchain4j model jar's version, so a model upgrade shows as
 * stale cases that {@code ./threadline reindex} recomputes.
 */
@Factory
public class CaseEmbeddings {

    @Singleton
    @Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
    @Requires(property = "threadline.cases.enabled", notEquals = "off")
    TextEmbedder caseEmbedder(BeanProvider<OfflineJudge> offline, @Value("${threadline.judge.mode:}") String mode,
                              @Value("${threadline.judge.embedding-model-path:}") String modelPath) {
        Embedder embedder = "llm".equalsIgnoreCase(mode == null ? "" : mode.strip()) ? Embedder.open(modelPath)
                : offline.get().embedder();
        return of(embedder);
    }

    /** A {@link TextEmbedder} over an embedder (the benchmarks open one without a context). */
    public static TextEmbedder open(String modelPath) {
        return of(Embedder.open(modelPath));
    }

    private static TextEmbedder of(Embedder embedder) {
        String version = dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel.class
                .getPackage().getImplementationVersion();
        String model = embedder.name() + (version == null ? "" : "@" + version);
        return new TextEmbedder() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public float[] embed(String text) {
                return embedder.embed(List.of(text))[0];
            }
        };
    }
}
