package dev.threadline.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options, with defaults given at the point of use; an unknown option fails fast. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final java.util.Set<String> used = new java.util.HashSet<>();
    private final Path out;

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            values.put(args[i].substring(2), args[++i]);
        }
        out = Path.of(text("out", "bench/target/results"));
    }

    int integer(String name, int fallback) {
        used.add(name);
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    String text(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    List<Integer> integers(String name, String fallback) {
        return Arrays.stream(text(name, fallback).split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    /** Where result files go: {@code --out}, by default {@code bench/target/results}. */
    Path out() {
        return out;
    }

    /** Call after reading every option: a typo must not silently run with a default. */
    void requireAllUsed() {
        List<String> unknown = values.keySet().stream().filter(k -> !used.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; known: " + used);
        }
    }
}
