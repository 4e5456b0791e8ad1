package dev.threadline.ticket.erpnext;

import dev.threadline.adapter.metrics.EmfMetrics;
import dev.threadline.application.port.Metrics;
import dev.threadline.fakes.RecordingMetrics;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;

/** Sums the counts instead of printing EMF lines, so that a test can read what the code emitted. */
@Singleton
@Replaces(EmfMetrics.class)
@Requires(property = "test.recorded-metrics", value = "true")
class RecordedMetrics implements Metrics {

    static final Map<String, Object> ON = Map.of("test.recorded-metrics", "true");

    private final RecordingMetrics recording = new RecordingMetrics();

    @Override
    public void counts(Map<String, Long> counts) {
        recording.counts(counts);
    }

    @Override
    public void millis(String name, long millis) {
    }

    long total(String name) {
        return recording.total(name);
    }
}
