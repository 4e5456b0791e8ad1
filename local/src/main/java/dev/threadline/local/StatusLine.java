package dev.threadline.local;

import dev.threadline.application.port.DailyStats;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One line of what the running stack has done today: messages, tickets, decisions, queued jobs and
 * the dead-letter queue. On a terminal it is rewritten in place every second; otherwise (CI, a pipe)
 * a plain line is printed when the figures change, at most every {@code plainEvery}.
 */
final class StatusLine implements AutoCloseable {

    private final Stack stack;
    private final PrintStream console;
    private final boolean terminal;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-line");
        t.setDaemon(true);
        return t;
    });
    private String last = "";

    private StatusLine(Stack stack, PrintStream console, boolean terminal, Clock clock) {
        this.stack = stack;
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
    }

    static StatusLine start(Stack stack, PrintStream console, boolean terminal, Duration plainEvery) {
        StatusLine line = new StatusLine(stack, console, terminal, Clock.systemUTC());
        long period = terminal ? 1000 : plainEvery.toMillis();
        line.timer.scheduleWithFixedDelay(line::refresh, 0, period, TimeUnit.MILLISECONDS);
        return line;
    }

    /** The figures as one line; package-visible for tests. */
    String current() {
        DailyStats.Day today = stack.context().getBean(DailyStats.class)
                .days(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))
                .get(0);
        long decisions = StatsReport.KINDS.stream().mapToLong(k -> today.get(DailyStats.DECISION_PREFIX + k)).sum();
        return String.format("today: %d messages, %d tickets, %d decisions | queued %d | dead-letter queue %d",
                today.get(DailyStats.MESSAGES_APPLIED), today.get(DailyStats.TICKETS_OPENED), decisions,
                LocalOpsController.queuedJobs(stack.sqs(), stack.resources().queueUrl()),
                LocalOpsController.deadLetterDepth(stack.sqs(), stack.resources().deadLetterQueueUrl()));
    }

    private void refresh() {
        try {
            String now = current();
            if (terminal) {
                console.print("\r\033[K" + now); // carriage return + erase line: one line, rewritten in place
                console.flush();
            } else if (!now.equals(last)) {
                console.println(now);
            }
            last = now;
        } catch (RuntimeException e) {
            // The stack is stopping, or a read failed once: the next tick tries again; the log has the details.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal && !last.isEmpty()) {
            console.println();
        }
    }
}
