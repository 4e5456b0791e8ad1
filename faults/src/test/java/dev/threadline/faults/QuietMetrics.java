package dev.threadline.faults;

import dev.threadline.adapter.metrics.EmfMetrics;
import dev.threadline.application.port.Metrics;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sums the counters instead of printing one EMF line per event (a run of the suite would print tens
 * of thousands); the totals go into each run's trace (e.g. {@code PendingEffectsRecovered}).
 */
@Singleton
@Replaces(EmfMetrics.class)
@Requires(property = "threadline.faults.quiet-metrics", value = "true")
class QuietMetrics implements Metrics {

    private final Map<String, Long> totals = new ConcurrentHashMap<>();

    @Override
    public void counts(Map<String, Long> counts) {
        counts.forEach((name, value) -> totals.merge(name, value, Long::sum));
    }

    @Override
    public void millis(String name, long millis) {
    }

    Map<String, Long> totals() {
        return new TreeMap<>(totals);
    }
}
