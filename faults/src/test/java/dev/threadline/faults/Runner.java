package dev.threadline.faults;

import dev.threadline.application.SweepIdleSessions;
import dev.threadline.embedded.QueueTimings;
import dev.threadline.emulators.erpnext.Faults;
import dev.threadline.faults.Scenario.Msg;
import dev.threadline.faults.Scenario.Step;
import dev.threadline.fakes.SimulatedCrash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Executes a {@link Scenario} against a {@link Stack}: Meta's deliveries through intake-fn, ticket-fn
 * polls, sweeps, and the faults, in the generated order; then drives ticket-fn to quiescence with a
 * bounded loop (no sleeping: short polls until the queue is empty, with a poll limit and a deadline).
 *
 * <p>Time: whenever a batch failed, crashed or went unacknowledged, the clock moves on by SQS's
 * visibility timeout before the next poll, as Lambda would wait for it. That also expires the
 * pending-effect lease (2 min) and lets ERPNext's circuit breaker close.
 *
 * <p>Everything that happens is written to {@link #trace()}, which failure messages include.
 */
final class Runner {

    private static final Duration VISIBILITY = QueueTimings.DEPLOYED.visibilityTimeout();
    private static final int MAX_DRAIN_POLLS = 400;
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(120);

    private final Stack stack;
    private final Scenario scenario;
    private final Meta meta;
    private final Map<Integer, Step.Deliver> deliveries = new HashMap<>();
    private final List<String> trace = new ArrayList<>();
    private final long started = System.nanoTime();
    private final List<String> intakeViolations = new ArrayList<>();
    private int llmFaults;

    Runner(Stack stack, Scenario scenario) {
        this.stack = stack;
        this.scenario = scenario;
        this.meta = new Meta(stack.intake);
    }

    List<String> trace() {
        return List.copyOf(trace);
    }

    Meta meta() {
        return meta;
    }

    List<String> intakeViolations() {
        return List.copyOf(intakeViolations);
    }

    int llmFaults() {
        return llmFaults;
    }

    /** The kinds of trouble this run actually ran into, for jqwik's statistics. */
    List<String> exercised() {
        List<String> out = new ArrayList<>();
        stack.store.crashes().forEach(b -> out.add("crash " + b));
        Map<String, Long> m = stack.metrics();
        if (stack.erpnext.faults().injected() > stack.helpdesk.refused().size()) {
            out.add("ERPNext faults");
        }
        if (!stack.helpdesk.refused().isEmpty()) {
            out.add("permanent refusals");
        }
        if (m.getOrDefault("DecisionFallback", 0L) > 0) {
            out.add("judge fallbacks");
        }
        if (m.getOrDefault("PendingEffectsRecovered", 0L) > 0) {
            out.add("pending effects recovered");
        }
        if (m.getOrDefault("TurnsRetried", 0L) > 0) {
            out.add("turns retried");
        }
        if (stack.store.log().stream().anyMatch(e -> e instanceof FaultySessionStore.Event.Closed)) {
            out.add("sessions swept");
        }
        if (stack.store.log().stream().anyMatch(e -> e instanceof FaultySessionStore.Event.Claimed c
                && c.decision().messageIds().size() > 1)) {
            out.add("merged bursts");
        }
        if (trace.stream().anyMatch(line -> line.contains("not acknowledged"))) {
            out.add("acknowledgement lost");
        }
        if (scenario.steps().stream().anyMatch(s -> s instanceof Step.Deliver d && d.sqsOutage())) {
            out.add("SQS outage at intake");
        }
        if (scenario.steps().stream().anyMatch(s -> s instanceof Step.Deliver d && d.concurrent() && d.copies() > 1)) {
            out.add("concurrent duplicates");
        }
        return out;
    }

    /** One line on what this run exercised, for the log and jqwik's statistics. */
    String summary() {
        Map<String, Long> m = stack.metrics();
        long decisions = stack.store.log().stream().filter(e -> e instanceof FaultySessionStore.Event.Claimed).count();
        long closes = stack.store.log().stream().filter(e -> e instanceof FaultySessionStore.Event.Closed).count();
        return String.format("%d customers, %d messages, %d steps, mergeBursts=%s | %d turns, %d tickets, %d posts,"
                        + " %d swept, %d refused | crashes %s, ERPNext faults %d, LLM faults %d (%d fallbacks),"
                        + " pending effects recovered %d, turns retried %d",
                scenario.conversations().size(), scenario.allMessages().size(), scenario.steps().size(),
                scenario.mergeBursts(), decisions, m.getOrDefault("TicketsCreated", 0L), m.getOrDefault("PostsAppended", 0L),
                closes, stack.helpdesk.refused().size(), stack.store.crashes(), stack.erpnext.faults().injected(), llmFaults,
                m.getOrDefault("DecisionFallback", 0L), m.getOrDefault("PendingEffectsRecovered", 0L),
                m.getOrDefault("TurnsRetried", 0L));
    }

    /** Runs every step, then drains; returns how many polls the drain took. */
    int run() {
        Set<String> poisoned = scenario.allMessages().stream().filter(Msg::poison).map(Msg::id).collect(Collectors.toSet());
        stack.helpdesk.poison(stack.erpnext, poisoned);
        for (Step step : scenario.steps()) {
            trace.add(elapsed() + step);
            execute(step);
        }
        trace.add(elapsed() + "drain");
        return drain();
    }

    private String elapsed() {
        return String.format("%6d ms  ", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void execute(Step step) {
        switch (step) {
            case Step.Deliver d -> deliver(d);
            case Step.MetaRetry r -> expectAccepted("Meta's retry of #" + r.delivery(), meta.post(deliveries.get(r.delivery()).burst()));
            case Step.LateCopy l -> expectAccepted("late copy of #" + l.delivery(), meta.post(deliveries.get(l.delivery()).burst()));
            case Step.Poll p -> {
                for (int i = 0; i < p.times(); i++) {
                    poll(!(i == 0 && p.ackLost()));
                }
            }
            case Step.Sweep s -> sweep(s);
            case Step.ErpFault f -> armErpNext(f);
            case Step.LlmFault f -> armLlm(f);
            case Step.Crash c -> stack.store.crashAt(c.at());
        }
    }

    private void deliver(Step.Deliver d) {
        deliveries.put(d.delivery(), d);
        int copies = d.copies();
        List<Meta.Response> responses = new ArrayList<>();
        if (d.sqsOutage()) {
            stack.sqsProxy.fail("SendMessageBatch");
            Meta.Response refused;
            try {
                refused = meta.post(d.burst());
            } finally {
                stack.sqsProxy.heal();
            }
            trace.add(elapsed() + "  intake answered " + refused.status() + " during the outage");
            if (refused.status() != 503) {
                intakeViolations.add("#" + d.delivery() + ": intake answered " + refused.status()
                        + " while SQS was failing; Meta would not retry a 2xx, so the messages could be lost");
            }
            copies--;
        }
        if (copies > 0) {
            responses.addAll(meta.post(d.burst(), copies, d.concurrent()));
            responses.forEach(r -> expectAccepted("#" + d.delivery(), r));
        }
        if (!d.sqsOutage() && !responses.isEmpty()) {
            // Every message of a fresh delivery is "first seen" by exactly one copy, however the copies race.
            int firsts = responses.stream().mapToInt(r -> d.burst().size() - r.duplicates()).sum();
            if (firsts != d.burst().size()) {
                intakeViolations.add("#" + d.delivery() + ": " + copies + " copies of " + d.burst().size()
                        + " new message(s) were first-seen " + firsts + " times; responses " + responses);
            }
        }
    }

    private void expectAccepted(String what, Meta.Response r) {
        if (r.status() != 200) {
            intakeViolations.add(what + ": intake answered " + r.status() + " with nothing failing");
        }
    }

    /** One receive-invoke-acknowledge cycle; returns how many jobs were received. */
    private int poll(boolean acknowledge) {
        int failedBefore = stack.failedBatches.get();
        int received;
        try {
            received = stack.poller.pollOnce(0, acknowledge);
        } catch (SimulatedCrash crash) {
            trace.add(elapsed() + "  ticket-fn crashed: " + crash.getMessage());
            received = -1;
        }
        if (received != 0 && (!acknowledge || stack.failedBatches.get() > failedBefore)) {
            // The visibility timeout is also real time in which ERPNext finishes what it has received
            // (a slow write commits late); give it that before the batch comes back. Bounded.
            Instant settle = Instant.now().plus(Duration.ofSeconds(10));
            while (stack.erpnext.unhandledRequests() > 0 && Instant.now().isBefore(settle)) {
                Thread.onSpinWait();
            }
            stack.clock.advance(VISIBILITY);
            trace.add(elapsed() + "  batch " + (acknowledge ? "failed" : "not acknowledged") + "; the clock moves on by the visibility timeout");
        }
        return received;
    }

    private void sweep(Step.Sweep s) {
        Instant target = Scenario.T0.plus(Scenario.SESSION_TIMEOUT).plus(Duration.ofHours(s.hours()));
        if (stack.clock.instant().isBefore(target)) {
            stack.clock.advance(Duration.between(stack.clock.instant(), target));
        }
        SweepIdleSessions.Result result;
        if (s.duringPoll()) {
            // A thread of its own (not the common pool, which has one thread on two cores).
            CompletableFuture<SweepIdleSessions.Result> sweeping = new CompletableFuture<>();
            Thread sweeper = Thread.ofPlatform().name("sweeper-fn").start(() -> {
                try {
                    sweeping.complete(stack.sweep());
                } catch (Throwable t) {
                    sweeping.completeExceptionally(t);
                }
            });
            poll(true);
            try {
                result = sweeping.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                IllegalStateException stuck = new IllegalStateException("the sweeper did not finish: " + e, e);
                stuck.setStackTrace(sweeper.getStackTrace());
                throw stuck;
            }
        } else {
            result = stack.sweep();
        }
        trace.add(elapsed() + "  swept at " + stack.clock.instant() + ": " + result);
    }

    private void armErpNext(Step.ErpFault f) {
        Faults faults = stack.erpnext.faults().matching(f.route().method, f.route().path);
        switch (f.kind()) {
            case BAD_GATEWAY -> faults.failNext(1, 502);
            case MAINTENANCE_TWICE -> faults.failNext(2, 503);
            case DEADLOCK -> faults.failNext(1, 500);
            case RATE_LIMITED -> faults.rateLimitNext(1, 0);
            case SLOW -> faults.delayNext(1, Duration.ofMillis(100));
            case TIMEOUT -> faults.delayNext(1, Stack.ERP_TIMEOUT.plus(Stack.BEYOND_TIMEOUT));
            case COMMIT_THEN_TIMEOUT -> faults.commitThenTimeoutNext(1);
            case OUTAGE -> faults.failNext(3, 503);
        }
    }

    private void armLlm(Step.LlmFault f) {
        llmFaults++;
        switch (f.kind()) {
            case TIMEOUT -> stack.llm.delayNext(1, Stack.LLM_TIMEOUT.plus(Stack.BEYOND_TIMEOUT));
            case HTTP_500 -> stack.llm.failNext(1, 500);
            case GARBAGE -> stack.llm.garbageNext(1);
            case MALFORMED -> stack.llm.malformedNext(1);
        }
    }

    private int drain() {
        Instant deadline = Instant.now().plus(DRAIN_DEADLINE);
        for (int polls = 1; polls <= MAX_DRAIN_POLLS; polls++) {
            if (Instant.now().isAfter(deadline)) {
                break;
            }
            if (poll(true) == 0 && stack.jobsInQueue() == 0) {
                trace.add(elapsed() + "  quiescent after " + polls + " poll(s); crashes fired: " + stack.store.crashes()
                        + "; counters: " + stack.metrics());
                return polls;
            }
        }
        throw new AssertionError("ticket-fn did not reach quiescence within " + MAX_DRAIN_POLLS + " polls / "
                + DRAIN_DEADLINE + "; " + stack.jobsInQueue() + " job(s) left\n" + String.join("\n", trace));
    }
}
