package dev.threadline.emulators.erpnext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the fake injects into its next matching {@code /api/} requests, for tests of retry and
 * recovery. Each call arms a rule for the next {@code n} matching requests; rules are tried in the
 * order they were armed. {@link #matching} narrows a rule to one HTTP method and/or path prefix
 * (segment-aware: {@code /api/resource/Issue} matches {@code /api/resource/Issue/ISS-2025-00001}
 * but not {@code /api/resource/Issue Priority}; paths are compared URL-decoded).
 *
 * <pre>{@code
 * fake.faults().failNext(2, 503);                                       // any route
 * fake.faults().matching("POST", "/api/resource/Issue").commitThenTimeoutNext(1);
 * }</pre>
 */
public final class Faults {

    /** What happens to a request a rule catches. */
    sealed interface Action {
        /** Answer {@code status} without touching the site (what a proxy, a deadlock or maintenance would do). */
        record Fail(int status) implements Action {}

        /** 429 TooManyRequestsError with {@code Retry-After}. */
        record RateLimit(int retryAfterSeconds) implements Action {}

        /** Wait, then handle the request normally: a slow server that still does the work. */
        record Delay(Duration delay) implements Action {}

        /** Handle the request (commit), then hold the response back: the client times out after the write. */
        record CommitThenStall(Duration stall) implements Action {}
    }

    private record Rule(String method, String pathPrefix, Action action, AtomicInteger remaining) {
        boolean matches(String requestMethod, String path) {
            return (method == null || method.equalsIgnoreCase(requestMethod)) && Paths.under(path, pathPrefix);
        }
    }

    private final List<Rule> rules;
    private final AtomicInteger injected;
    private final Duration defaultStall;
    private final String method;
    private final String pathPrefix;

    Faults(Duration defaultStall) {
        this(new ArrayList<>(), new AtomicInteger(), defaultStall, null, null);
    }

    private Faults(List<Rule> rules, AtomicInteger injected, Duration defaultStall, String method, String pathPrefix) {
        this.rules = rules;
        this.injected = injected;
        this.defaultStall = defaultStall;
        this.method = method;
        this.pathPrefix = pathPrefix;
    }

    /**
     * The same fault list, with rules armed through the returned view limited to {@code method}
     * (or any method when {@code null}) and {@code pathPrefix} (or any path when {@code null}).
     */
    public Faults matching(String method, String pathPrefix) {
        return new Faults(rules, injected, defaultStall, method == null ? null : method.toUpperCase(Locale.ROOT),
                pathPrefix);
    }

    /**
     * The next {@code n} matching requests fail with {@code status} and change nothing: 500 is a
     * {@code QueryDeadlockError} JSON body, 503 a {@code SessionStopped} JSON body (maintenance),
     * 502 and 504 nginx's HTML pages; other statuses get a JSON body with the exc_type Frappe uses
     * for them.
     */
    public Faults failNext(int n, int status) {
        return arm(n, new Action.Fail(status));
    }

    /** The next {@code n} matching requests get 429 {@code TooManyRequestsError} with {@code Retry-After}. */
    public Faults rateLimitNext(int n, int retryAfterSeconds) {
        return arm(n, new Action.RateLimit(retryAfterSeconds));
    }

    /** The next {@code n} matching requests wait {@code delay} before they are handled (and then are handled). */
    public Faults delayNext(int n, Duration delay) {
        return arm(n, new Action.Delay(Objects.requireNonNull(delay)));
    }

    /**
     * The next {@code n} matching requests are handled and committed, then their responses are held
     * for {@code stall} (until the fake closes at the latest): "ERPNext timed out after committing".
     */
    public Faults commitThenTimeoutNext(int n, Duration stall) {
        return arm(n, new Action.CommitThenStall(Objects.requireNonNull(stall)));
    }

    /** {@link #commitThenTimeoutNext(int, Duration)} with the fake's default stall ({@code Options.stall}). */
    public Faults commitThenTimeoutNext(int n) {
        return commitThenTimeoutNext(n, defaultStall);
    }

    /** How many requests a fault has been injected into so far. */
    public int injected() {
        return injected.get();
    }

    /** How many armed faults have not fired yet. */
    public int pending() {
        synchronized (rules) {
            return rules.stream().mapToInt(r -> r.remaining().get()).sum();
        }
    }

    /** Disarms every rule (the injected count stays). */
    public void clear() {
        synchronized (rules) {
            rules.clear();
        }
    }

    private Faults arm(int n, Action action) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        synchronized (rules) {
            rules.add(new Rule(method, pathPrefix, action, new AtomicInteger(n)));
        }
        return this;
    }

    /** The action for this request, if a rule catches it; consumes one use of that rule. */
    Optional<Action> take(String requestMethod, String path) {
        synchronized (rules) {
            Iterator<Rule> it = rules.iterator();
            while (it.hasNext()) {
                Rule rule = it.next();
                if (rule.matches(requestMethod, path)) {
                    if (rule.remaining().decrementAndGet() <= 0) {
                        it.remove();
                    }
                    injected.incrementAndGet();
                    return Optional.of(rule.action());
                }
            }
            return Optional.empty();
        }
    }
}
