package dev.threadline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What a figure was measured on: CPU, cores, JDK and the load average (the machine may be shared). */
final class Machine {

    private Machine() {}

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} prints them. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String describe() {
        return cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ", load " + load()
                + ", " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
