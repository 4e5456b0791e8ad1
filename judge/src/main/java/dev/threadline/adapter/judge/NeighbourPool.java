package dev.threadline.adapter.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled example messages from the development split. A message's nearest neighbours here say
 * what <em>kind</em> of message it is (a ping, an answer, a new request) better than its topic does:
 * their NEW share is one feature of the model.
 */
final class NeighbourPool {

    static final int K = 13;
    /** The vote when no neighbour is similar at all: the pool's base rate is close to this. */
    private static final double PRIOR = 0.45;

    private final List<float[]> vectors;
    private final List<Boolean> isNew;

    NeighbourPool(List<float[]> vectors, List<Boolean> isNew) {
        this.vectors = List.copyOf(vectors);
        this.isNew = List.copyOf(isNew);
    }

    int size() {
        return vectors.size();
    }

    /**
     * The similarity-weighted NEW share among the {@value #K} nearest neighbours of {@code vector}.
     *
     * @param exclude a pool index to leave out (the example itself, while training), or -1
     */
    double voteNew(float[] vector, int exclude) {
        List<double[]> best = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (i == exclude) {
                continue;
            }
            double sim = Embedder.cosine(vector, vectors.get(i));
            if (best.size() < K) {
                best.add(new double[] {sim, i});
                best.sort((a, b) -> Double.compare(b[0], a[0]));
            } else if (sim > best.get(K - 1)[0]) {
                best.set(K - 1, new double[] {sim, i});
                best.sort((a, b) -> Double.compare(b[0], a[0]));
            }
        }
        double weight = 0;
        double votes = 0;
        for (double[] b : best) {
            double w = Math.max(0, b[0]) * Math.max(0, b[0]);
            weight += w;
            votes += isNew.get((int) b[1]) ? w : 0;
        }
        return weight < 1e-6 ? PRIOR : votes / weight;
    }
}
