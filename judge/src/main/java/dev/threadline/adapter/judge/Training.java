package dev.threadline.adapter.judge;

import java.io.PrintStream;

/**
 * Model selection for {@code judge-train}: 5-fold cross-validation on the development split picks
 * the L2 strength and the NEW threshold that maximise held-out accuracy (F1 of NEW breaks ties), so
 * the test split is never looked at. The threshold stays near 0.5, where a calibrated model is
 * right most often; a wider search only chases the folds.
 */
final class Training {

    private static final double[] L2 = {0.3, 1, 3, 10, 30};
    private static final int FOLDS = 5;

    private Training() {}

    record Choice(double l2, double threshold) {}

    static Choice crossValidate(double[][] x, int[] y, PrintStream out) {
        Choice best = new Choice(1, 0.5);
        double bestScore = -1;
        for (double l2 : L2) {
            double[] p = outOfFold(x, y, l2);
            for (double t = 0.40; t <= 0.601; t += 0.02) {
                double score = score(p, y, t);
                if (score > bestScore + 1e-9) {
                    bestScore = score;
                    best = new Choice(l2, Math.round(t * 100) / 100.0);
                }
            }
        }
        double[] p = outOfFold(x, y, best.l2());
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += (p[i] >= best.threshold() ? 1 : 0) == y[i] ? 1 : 0;
        }
        out.printf("judge-train: %d-fold cross-validation on the dev split: accuracy %.3f (l2 %.1f, threshold %.2f)%n",
                FOLDS, (double) correct / y.length, best.l2(), best.threshold());
        return best;
    }

    /** Out-of-fold probabilities; folds are interleaved (i mod 5), so they are deterministic. */
    private static double[] outOfFold(double[][] x, int[] y, double l2) {
        double[] p = new double[y.length];
        for (int f = 0; f < FOLDS; f++) {
            int fold = f;
            int n = (int) java.util.stream.IntStream.range(0, y.length).filter(i -> i % FOLDS != fold).count();
            double[][] tx = new double[n][];
            int[] ty = new int[n];
            int k = 0;
            for (int i = 0; i < y.length; i++) {
                if (i % FOLDS != f) {
                    tx[k] = x[i];
                    ty[k++] = y[i];
                }
            }
            LogisticModel m = LogisticModel.fit("cv", "cv", tx, ty, l2, 0.5);
            for (int i = f; i < y.length; i += FOLDS) {
                p[i] = m.probability(x[i]);
            }
        }
        return p;
    }

    private static double score(double[] p, int[] y, double t) {
        int tp = 0, fp = 0, fn = 0, correct = 0;
        for (int i = 0; i < y.length; i++) {
            int said = p[i] >= t ? 1 : 0;
            correct += said == y[i] ? 1 : 0;
            if (said == 1 && y[i] == 1) tp++;
            if (said == 1 && y[i] == 0) fp++;
            if (said == 0 && y[i] == 1) fn++;
        }
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        return (double) correct / y.length + f1 / 1000;
    }
}
