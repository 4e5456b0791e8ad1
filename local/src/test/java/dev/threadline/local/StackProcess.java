package dev.threadline.local;

import dev.threadline.embedded.QueueTimings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The local stack as its own JVM, for the kill -9 test: {@code StackProcess <data dir>}. The same stack
 * as {@code ./threadline run --data-dir DIR}, with short queue timings so that a claim the kill left
 * behind is taken over in seconds rather than after the deployed 3 + 6 minutes.
 */
final class StackProcess {

    static final QueueTimings SHORT = new QueueTimings(Duration.ofSeconds(8), 20, Duration.ofSeconds(3));

    private StackProcess() {}

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        Stack stack = Stack.start(Path.of(args[0]), System.getenv(), false, SHORT, Clock.systemUTC());
        System.out.println(stack.summary(Duration.ofNanos(System.nanoTime() - started)));
        Thread.currentThread().join(); // until killed
    }
}
