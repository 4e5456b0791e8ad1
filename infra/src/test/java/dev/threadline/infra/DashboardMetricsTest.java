package dev.threadline.infra;

import static dev.threadline.infra.InfraTemplate.functions;
import static dev.threadline.infra.InfraTemplate.module;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.metrics.EmfMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alarms refer only to metrics the code really emits, in the namespace and
 * with the one low-cardinality dimension the code writes.
 */
class DashboardMetricsTest {

    private static final Set<String> FUNCTION_DIMENSION_VALUES = Set.of("intake", "ticket", "sweeper");
    /** Main sources whose string literals are the metric names the code can emit. */
    private static final List<String> METRIC_SOURCE_MODULES = List.of("core", "intake-fn", "ticket-fn", "sweeper-fn");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Path root = InfraTemplate.ROOT;
    private static final JsonNode resources = InfraTemplate.RESOURCES;

    @Test
    void dashboardAndAlarmMetrics_areEmittedByTheCode() throws IOException {
        Map<String, Set<String>> used = threadlineMetrics(); // metric name -> where the template uses it
        assertThat(used).as("the dashboard and alarms use Threadline metrics").isNotEmpty();
        assertThat(used).as("an ERPNext site that is not set up raises an alarm (SiteReadiness counts it)")
                .containsEntry("ErpNextNotSetUp", Set.of("ErpNextNotSetUpAlarm"));

        Set<String> literals = new TreeSet<>();
        for (String module : METRIC_SOURCE_MODULES) {
            Path sources = root.resolve(module + "/src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = STRING_LITERAL.matcher(Files.readString(file));
                    while (m.find()) {
                        literals.add(m.group(1));
                    }
                }
            }
        }
        Map<String, Set<String>> notInCode = new TreeMap<>(used);
        notInCode.keySet().removeAll(literals);
        assertThat(notInCode)
                .as("metrics the template uses but no main source of %s emits as a string literal", METRIC_SOURCE_MODULES)
                .isEmpty();
    }

    @Test
    void customMetrics_useTheCodesNamespaceAndOnlyTheFunctionDimension() throws IOException {
        assertThat(EmfMetrics.NAMESPACE).isEqualTo("Threadline");
        for (List<String> metric : dashboardMetrics()) {
            if (!metric.get(0).equals(EmfMetrics.NAMESPACE)) {
                continue;
            }
            assertThat(metric).as("dashboard metric %s: one dimension, Function", metric).hasSize(4);
            assertThat(metric.get(2)).isEqualTo("Function");
            assertThat(metric.get(3)).isIn(FUNCTION_DIMENSION_VALUES);
        }
        for (var fn : functions().entrySet()) { // the dimension value each function writes (threadline.function)
            Path properties = root.resolve(module(fn.getValue()) + "/src/main/resources/application.properties");
            if (Files.exists(properties)) {
                assertThat(Files.readAllLines(properties)).as("%s's metric dimension", fn.getKey())
                        .contains("threadline.function=" + module(fn.getValue()).replace("-fn", ""));
            }
        }
    }

    private static Map<String, Set<String>> threadlineMetrics() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (List<String> metric : dashboardMetrics()) {
            if (metric.get(0).equals(EmfMetrics.NAMESPACE)) {
                used.computeIfAbsent(metric.get(1), k -> new TreeSet<>()).add("Dashboard");
            }
        }
        resources.fields().forEachRemaining(r -> {
            if (!"AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                return;
            }
            JsonNode props = r.getValue().path("Properties");
            if (EmfMetrics.NAMESPACE.equals(props.path("Namespace").asText())) {
                used.computeIfAbsent(props.path("MetricName").asText(), k -> new TreeSet<>()).add(r.getKey());
            }
            props.path("Metrics").forEach(m -> {
                JsonNode metric = m.path("MetricStat").path("Metric");
                if (EmfMetrics.NAMESPACE.equals(metric.path("Namespace").asText())) {
                    used.computeIfAbsent(metric.path("MetricName").asText(), k -> new TreeSet<>()).add(r.getKey());
                }
            });
        });
        return used;
    }

    /** Each metric row of every dashboard widget: [namespace, name, dimension, value, ...], options dropped. */
    private static List<List<String>> dashboardMetrics() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) resources::fields) {
            if (!"AWS::CloudWatch::Dashboard".equals(entry.getValue().path("Type").asText())) {
                continue;
            }
            String body = entry.getValue().path("Properties").path("DashboardBody").path("Fn::Sub").asText();
            JsonNode dashboard = new ObjectMapper().readTree(body.replaceAll("\\$\\{[^}]*}", "x"));
            for (JsonNode widget : dashboard.path("widgets")) {
                for (JsonNode row : widget.path("properties").path("metrics")) {
                    List<String> texts = new ArrayList<>();
                    row.forEach(cell -> {
                        if (cell.isTextual()) {
                            texts.add(cell.asText());
                        }
                    });
                    if (texts.size() >= 2) { // an expression row holds only an options object
                        rows.add(texts);
                    }
                }
            }
        }
        return rows;
    }
}
