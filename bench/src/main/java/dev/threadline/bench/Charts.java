package dev.threadline.bench;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Draws the two charts of BENCHMARKS.md from the result files (no plotting dependency, Java2D only):
 * {@code intake-latency.png}, the latency distribution of intake beside its floor, and
 * {@code e2e-throughput.png}, end-to-end messages per second by customer count and fake latency, and
 * {@code intake-instance-age.png}, intake's CPU per request over an instance's life.
 */
public final class Charts {

    private Charts() {}

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Path in = Path.of(args.text("in", "bench/target/results"));
        Path out = Path.of(args.text("charts", "docs/bench"));
        args.requireAllUsed();
        latency(in, out.resolve("intake-latency.png"));
        throughput(in, out.resolve("e2e-throughput.png"));
        if (Files.exists(in.resolve("instance-age.csv"))) {
            instanceAge(in, out.resolve("intake-instance-age.png"));
        }
        System.out.println("charts in " + out.toAbsolutePath());
    }

    private static void latency(Path in, Path png) throws IOException {
        List<double[]> rows = csv(in.resolve("intake-latency-histogram.csv"));
        Map<String, String> figures = Results.read(in.resolve("intake-latency.properties"));
        double bin = rows.get(0)[0];
        int shown = rows.size() - 1; // the last bin collects everything above
        double intakeTotal = rows.stream().mapToDouble(r -> r[1]).sum();
        double floorTotal = rows.stream().mapToDouble(r -> r[2]).sum();
        double peak = 0;
        for (int i = 0; i < shown; i++) {
            peak = Math.max(peak, Math.max(rows.get(i)[1] / intakeTotal, rows.get(i)[2] / floorTotal) * 100);
        }
        double yStep = peak > 20 ? 5 : peak > 8 ? 2 : 1;
        Canvas c = new Canvas(900, 520, 0, bin * shown, 0, Math.ceil(peak / yStep) * yStep);
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        double tickStep = Series.niceBin(bin * shown / 10);
        for (double t = 0; t <= bin * shown + 1e-9; t += tickStep) {
            ticks.add(t);
            labels.add(Stats.f(tickStep < 1 ? "%.1f" : "%.0f", t));
        }
        c.frame("intake-fn vs its floor: latency per webhook (one message)",
                Stats.f("pooled samples of all runs, %.2f ms bins; median p99 ratio %.2f; %s", bin,
                        Double.parseDouble(figures.get("p99.ratio")), "DynamoDB Local + ElasticMQ in-process, 2 cores"),
                "latency (ms)", "share of calls (%)", yStep, ticks, labels);
        c.g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
        for (int i = 0; i < shown; i++) {
            bar(c, i * bin, bin, rows.get(i)[2] / floorTotal * 100, Canvas.ORANGE);
            bar(c, i * bin, bin, rows.get(i)[1] / intakeTotal * 100, Canvas.BLUE);
        }
        c.g.setComposite(AlphaComposite.SrcOver);
        c.dashedVertical(Double.parseDouble(figures.get("floor.p50.ms")), Canvas.ORANGE.darker(), "floor p50", 0);
        c.dashedVertical(Double.parseDouble(figures.get("intake.p50.ms")), Canvas.BLUE.darker(), "intake p50", 1);
        double floorP99 = Double.parseDouble(figures.get("floor.p99.ms"));
        double intakeP99 = Double.parseDouble(figures.get("intake.p99.ms"));
        if (floorP99 < bin * shown) {
            c.dashedVertical(floorP99, Canvas.ORANGE.darker(), "floor p99", 2);
        }
        if (intakeP99 < bin * shown) {
            c.dashedVertical(intakeP99, Canvas.BLUE.darker(), "intake p99", 3);
        }
        c.legend(List.of(Stats.f("intake handler (p50 %.2f, p99 %.2f ms; %.1f%% beyond chart)",
                                Double.parseDouble(figures.get("intake.p50.ms")), intakeP99, rows.get(shown)[1] / intakeTotal * 100),
                        Stats.f("floor: bare PutItem + SendMessageBatch (p50 %.2f, p99 %.2f ms; %.1f%% beyond)",
                                Double.parseDouble(figures.get("floor.p50.ms")), floorP99, rows.get(shown)[2] / floorTotal * 100)),
                List.of(Canvas.BLUE, Canvas.ORANGE));
        c.write(png);
    }

    private static void bar(Canvas c, double from, double width, double height, Color color) {
        c.g.setColor(color);
        int left = c.x(from);
        int right = c.x(from + width);
        c.g.fillRect(left, c.y(height), Math.max(1, right - left - 1), c.y(0) - c.y(height));
    }

    private static void throughput(Path in, Path png) throws IOException {
        List<double[]> rows = csv(in.resolve("end-to-end.csv"));
        List<Double> latencies = rows.stream().map(r -> r[0]).distinct().sorted().toList();
        List<Double> customers = rows.stream().map(r -> r[1]).distinct().sorted().toList();
        double peak = rows.stream().mapToDouble(r -> r[4]).max().orElse(1);
        double yStep = peak > 200 ? 50 : peak > 80 ? 20 : 10;
        Canvas c = new Canvas(900, 520, -0.5, customers.size() - 0.5, 0, Math.ceil(peak * 1.1 / yStep) * yStep);
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            ticks.add((double) i);
            labels.add(Stats.f("%.0f", customers.get(i)));
        }
        Map<String, String> figures = Results.read(in.resolve("end-to-end.properties"));
        c.frame("End to end: messages per second through the pipeline",
                "intake -> ElasticMQ FIFO -> ticket-fn x" + figures.getOrDefault("pollers", "4")
                        + " pollers -> ERPNext + LLM fakes; all in one JVM on 2 cores; median and range of runs",
                "customers (FIFO message groups)", "messages per second", yStep, ticks, labels);
        List<Color> colors = List.of(Canvas.BLUE, Canvas.ORANGE, new Color(0x2ca02c), new Color(0xd62728));
        List<String> legend = new ArrayList<>();
        for (int l = 0; l < latencies.size(); l++) {
            Color color = colors.get(l % colors.size());
            c.g.setColor(color);
            c.g.setStroke(new BasicStroke(2.5f));
            int[] previous = null;
            for (double[] r : rows) {
                if (r[0] != latencies.get(l)) {
                    continue;
                }
                int px = c.x(customers.indexOf(r[1]));
                c.g.drawLine(px, c.y(r[3]), px, c.y(r[4]));
                c.g.fillOval(px - 5, c.y(r[2]) - 5, 10, 10);
                if (previous != null) {
                    c.g.drawLine(previous[0], previous[1], px, c.y(r[2]));
                }
                previous = new int[] {px, c.y(r[2])};
            }
            legend.add(Stats.f("ERPNext and LLM fakes answer after %.0f ms", latencies.get(l)));
        }
        c.g.setStroke(new BasicStroke(1));
        c.legend(legend, colors.subList(0, latencies.size()));
        c.write(png);
    }

    private static void instanceAge(Path in, Path png) throws IOException {
        List<double[]> rows = csv(in.resolve("instance-age.csv"));
        double xMax = rows.get(rows.size() - 1)[0];
        double peak = rows.stream().mapToDouble(r -> Math.max(r[1], r[2])).max().orElse(1);
        double yStep = peak > 40 ? 10 : peak > 15 ? 5 : peak > 6 ? 2 : 1;
        Canvas c = new Canvas(900, 520, 0, xMax, 0, Math.ceil(peak * 1.1 / yStep) * yStep);
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        double tickStep = Series.niceBin(xMax / 8);
        for (double t = 0; t <= xMax + 1e-9; t += tickStep) {
            ticks.add(t);
            labels.add(Stats.f("%.0f", t));
        }
        c.frame("intake-fn: handler CPU per request over one instance's life",
                "handler thread's CPU time per request, per block of requests; micronaut-aws adds a Context bean per invocation",
                "invocations handled by the instance", "CPU ms per request", yStep, ticks, labels);
        c.g.setStroke(new BasicStroke(2.5f));
        for (int series = 1; series <= 2; series++) {
            c.g.setColor(series == 1 ? Canvas.BLUE : Canvas.ORANGE);
            for (int i = 0; i < rows.size(); i++) {
                int px = c.x(rows.get(i)[0]);
                int py = c.y(rows.get(i)[series]);
                c.g.fillOval(px - 4, py - 4, 8, 8);
                if (i > 0) {
                    c.g.drawLine(c.x(rows.get(i - 1)[0]), c.y(rows.get(i - 1)[series]), px, py);
                }
            }
        }
        c.g.setStroke(new BasicStroke(1));
        c.legend(List.of("as shipped (DefaultLambdaContextFactory)", "no per-invocation Context beans (NoLambdaContextBeans)"),
                List.of(Canvas.BLUE, Canvas.ORANGE));
        c.write(png);
    }

    private static List<double[]> csv(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            if (!line.isBlank()) {
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = Double.parseDouble(cells[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
