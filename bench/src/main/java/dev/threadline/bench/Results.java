package dev.threadline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's figures as {@code key=value} lines (read back by {@link CostModel}) plus optional CSV
 * tables (read by {@link Charts}), written under {@code --out}.
 */
final class Results {

    private final String name;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    Results(String name) {
        this.name = name;
        note("machine: " + Machine.describe());
    }

    Results put(String key, double value) {
        figures.put(key, Stats.f("%.4f", value));
        return this;
    }

    Results put(String key, String value) {
        figures.put(key, value);
        return this;
    }

    Results note(String line) {
        notes.add(line);
        return this;
    }

    void write(Path dir) {
        StringBuilder out = new StringBuilder();
        notes.forEach(n -> out.append("# ").append(n).append('\n'));
        out.append("# load at end: ").append(Machine.load()).append('\n');
        figures.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        writeFile(dir.resolve(name + ".properties"), out.toString());
    }

    static void csv(Path dir, String file, String header, List<String> rows) {
        writeFile(dir.resolve(file), header + "\n" + String.join("\n", rows) + "\n");
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": run its benchmark first", e);
        }
        return values;
    }

    private static void writeFile(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
