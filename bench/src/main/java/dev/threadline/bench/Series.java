package dev.threadline.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Latency samples pooled over runs, for the distribution chart. */
final class Series {

    private final List<long[]> parts = new ArrayList<>();

    void add(long[] nanos) {
        parts.add(nanos);
    }

    long[] all() {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    double meanMs() {
        return Stats.meanMs(all());
    }

    /** Rows {@code upper_ms,countA,countB} in bins of {@code binMs}, the last bin collecting everything above. */
    static List<String> histogram(Series a, Series b, double binMs, int bins) {
        long[] countsA = counts(a.all(), binMs, bins);
        long[] countsB = counts(b.all(), binMs, bins);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            rows.add(Stats.f("%.2f,%d,%d", (i + 1) * binMs, countsA[i], countsB[i]));
        }
        return rows;
    }

    /** The smallest of 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5... ms that is at least {@code ms}. */
    static double niceBin(double ms) {
        for (double decade = 0.01; ; decade *= 10) {
            for (double step : new double[] {1, 2, 5}) {
                if (step * decade >= ms) {
                    return step * decade;
                }
            }
        }
    }

    private static long[] counts(long[] nanos, double binMs, int bins) {
        long[] counts = new long[bins];
        for (long n : nanos) {
            counts[(int) Math.min(bins - 1, (n / 1e6) / binMs)]++;
        }
        return counts;
    }
}
