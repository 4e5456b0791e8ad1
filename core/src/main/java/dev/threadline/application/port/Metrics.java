package dev.threadline.application.port;

import java.util.Map;

/**
 * Operational counters and timings for dashboards and alarms. Names are fixed strings; values
 * never carry customer data, and there are no per-customer or per-message dimensions.
 */
public interface Metrics {

    /** Publishes a set of counts (unit: Count) as one record. Zero counts are published too. */
    void counts(Map<String, Long> counts);

    /** Publishes one duration in milliseconds. */
    void millis(String name, long millis);
}
