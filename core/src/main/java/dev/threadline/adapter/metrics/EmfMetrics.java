package dev.threadline.adapter.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.application.port.Metrics;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Metrics} as CloudWatch Embedded Metric Format: one JSON line on stdout per record, which
 * Lambda ships to CloudWatch Logs and CloudWatch turns into metrics with no API call and no agent.
 *
 * <p>Namespace {@code Threadline}, one dimension {@code Function} (three values). Nothing else is
 * ever a dimension, so cardinality stays fixed.
 */
@Singleton
public class EmfMetrics implements Metrics {

    public static final String NAMESPACE = "Threadline";

    private final ObjectMapper json;
    private final Clock clock;
    private final String function;
    private final PrintStream out;

    public EmfMetrics(ObjectMapper json, Clock clock, @Value("${threadline.function:local}") String function) {
        this(json, clock, function, System.out);
    }

    EmfMetrics(ObjectMapper json, Clock clock, String function, PrintStream out) {
        this.json = json;
        this.clock = clock;
        this.function = function;
        this.out = out;
    }

    @Override
    public void counts(Map<String, Long> counts) {
        emit(new TreeMap<>(counts), "Count");
    }

    @Override
    public void millis(String name, long millis) {
        emit(Map.of(name, millis), "Milliseconds");
    }

    private void emit(Map<String, ? extends Number> values, String unit) {
        List<Map<String, String>> definitions = new ArrayList<>();
        values.keySet().forEach(name -> definitions.add(Map.of("Name", name, "Unit", unit)));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Function")),
                        "Metrics", definitions))));
        record.put("Function", function);
        record.putAll(values);
        try {
            out.println(json.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metric record always serialises", e);
        }
    }
}
