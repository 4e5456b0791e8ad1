package dev.threadline.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for {@code System.out} while functions run in-process: counts the log and metric lines
 * (JSON, one per line, as Lambda ships them to CloudWatch Logs) and their bytes, and discards them, so
 * that a terminal's speed is not part of a latency. The benchmark prints its report to {@link #real}.
 *
 * <p>Install it before any function context starts: {@code EmfMetrics} keeps the stream it finds.
 */
final class CountingOut extends OutputStream {

    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();
    final PrintStream real;

    private CountingOut(PrintStream real) {
        this.real = real;
    }

    static CountingOut install() {
        CountingOut counting = new CountingOut(System.out);
        System.setOut(new PrintStream(counting, true, StandardCharsets.UTF_8));
        return counting;
    }

    @Override
    public void write(int b) {
        bytes.incrementAndGet();
        if (b == '\n') {
            lines.incrementAndGet();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes.addAndGet(len);
        long newlines = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                newlines++;
            }
        }
        lines.addAndGet(newlines);
    }

    long bytes() {
        return bytes.get();
    }

    long lines() {
        return lines.get();
    }
}
