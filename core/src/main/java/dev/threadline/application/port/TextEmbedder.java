package dev.threadline.application.port;

/** Sentence embeddings, computed in-process (the offline judge's model). */
public interface TextEmbedder {

    /** The model's name and version, recorded per case so {@code reindex} knows what is stale. */
    String model();

    /** A unit-length vector for the text. */
    float[] embed(String text);
}
