package dev.threadline.fakes;

import dev.threadline.application.port.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sums every count by name. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, Long> totals = new ConcurrentHashMap<>();

    @Override
    public void counts(Map<String, Long> counts) {
        counts.forEach((name, value) -> totals.merge(name, value, Long::sum));
    }

    @Override
    public void millis(String name, long millis) {
    }

    public long total(String name) {
        return totals.getOrDefault(name, 0L);
    }
}
