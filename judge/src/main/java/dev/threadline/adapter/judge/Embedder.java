package dev.threadline.adapter.judge;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sentence embeddings computed in-process with ONNX Runtime: no network, no key. The default is
 * the int8 all-MiniLM-L6-v2 shipped on Maven Central (384 dimensions, about 6 ms a sentence on one
 * core). {@code JUDGE_EMBEDDING_MODEL_PATH} names a directory holding {@code model.onnx} and
 * {@code tokenizer.json} of another BERT-style sentence model (a multilingual one, say); then run
 * {@code ./threadline judge-train} so the weights match its similarities.
 */
final class Embedder {

    /** The name recorded with every model file and audit reason, so a mismatch is visible. */
    private final String name;
    private final EmbeddingModel model;

    private Embedder(String name, EmbeddingModel model) {
        this.name = name;
        this.model = model;
    }

    static Embedder open(String modelPath) {
        if (modelPath == null || modelPath.isBlank()) {
            return new Embedder("all-minilm-l6-v2-q", new AllMiniLmL6V2QuantizedEmbeddingModel());
        }
        Path dir = Path.of(modelPath);
        Path onnx = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(onnx) || !Files.isRegularFile(tokenizer)) {
            throw new IllegalArgumentException("JUDGE_EMBEDDING_MODEL_PATH must be a directory with model.onnx and "
                    + "tokenizer.json; " + dir + " has not both");
        }
        return new Embedder("onnx:" + dir.getFileName(), new OnnxEmbeddingModel(onnx, tokenizer, PoolingMode.MEAN));
    }

    String name() {
        return name;
    }

    /** Unit-length vectors, one per text, in order. */
    float[][] embed(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? "." : t)).toList();
        var embeddings = model.embedAll(segments).content();
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = normalised(embeddings.get(i).vector());
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
