package dev.threadline.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** One scenario on a fresh {@link Stack}: run it, check the invariants, report. */
final class Trial {

    private Trial() {}

    /**
     * Runs {@code scenario} and fails with every violated invariant, the scenario and the trace; returns
     * what the run exercised.
     */
    static List<String> check(String label, Scenario scenario) {
        return check(label, scenario, stack -> { });
    }

    /**
     * @param settle runs after quiescence, before the oracle looks (e.g. to let a write that ERPNext
     *     is still holding land)
     */
    static List<String> check(String label, Scenario scenario, Consumer<Stack> settle) {
        long started = System.nanoTime();
        try (Stack stack = new Stack(scenario.mergeBursts())) {
            Runner runner = new Runner(stack, scenario);
            List<String> violations;
            try {
                runner.run();
                settle.accept(stack);
                violations = Oracle.violations(scenario, runner, stack);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("run aborted: " + e + "\n" + scenario + "\n  trace:\n    "
                        + String.join("\n    ", runner.trace()), e);
            }
            System.out.printf("[faults] %s (%d ms): %s%n", label, Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    runner.summary());
            assertThat(violations).as("%s%n  trace:%n    %s", scenario, String.join("\n    ", runner.trace())).isEmpty();
            return runner.exercised();
        }
    }
}
