package dev.threadline.bench;

import java.util.Map;
import java.util.TreeMap;

/** Call counts by name at one moment ({@link LoopStack#tally()}); differences attribute them to a step. */
record Tally(Map<String, Long> calls) {

    static Tally zero() {
        return new Tally(Map.of());
    }

    Tally minus(Tally before) {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> {
            long d = v - before.calls.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return new Tally(out);
    }

    Tally plus(Tally other) {
        Map<String, Long> out = new TreeMap<>(calls);
        other.calls.forEach((k, v) -> out.merge(k, v, Long::sum));
        return new Tally(out);
    }

    long sum(String prefix) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    long get(String name) {
        return calls.getOrDefault(name, 0L);
    }
}
