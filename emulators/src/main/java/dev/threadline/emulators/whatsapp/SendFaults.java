package dev.threadline.emulators.whatsapp;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults for the next sends ({@code POST /{version}/{phone-number-id}/messages}), one per request, in
 * the order they were armed. Media requests are never faulted.
 *
 * <pre>{@code
 * fake.faults().graphErrorNext(2, 130429, 429);   // "not taken": a client may retry
 * fake.faults().htmlErrorNext(1);                 // a gateway's page: taken or not, nobody knows
 * fake.faults().stallNext(1, Duration.ofSeconds(10));
 * }</pre>
 */
public final class SendFaults {

    sealed interface Fault {
        /** Answered at once, before the token is checked; nothing is accepted. */
        record Html(int status) implements Fault {}

        /** Answered at once with Meta's error body; nothing is accepted. */
        record Graph(GraphError error) implements Fault {}

        /** Handled normally (maybe accepted), then the answer is held back: the client times out. */
        record Stall(Duration stall) implements Fault {}

        /** Accepted with a wamid, then its only status webhook is {@code failed} with this error. */
        record FailAfterAccept(GraphError error) implements Fault {}
    }

    private final ConcurrentLinkedQueue<Fault> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger injected = new AtomicInteger();

    SendFaults() {}

    /** The next {@code n} sends get {@code status} with an HTML page and no Graph error (a proxy or gateway). */
    public SendFaults htmlErrorNext(int n, int status) {
        return arm(n, new Fault.Html(status));
    }

    /** {@link #htmlErrorNext(int, int)} with 500. */
    public SendFaults htmlErrorNext(int n) {
        return htmlErrorNext(n, 500);
    }

    /** The next {@code n} sends get Meta's error {@code code} with its usual HTTP status (see {@link GraphError#of(int)}). */
    public SendFaults graphErrorNext(int n, int code) {
        return arm(n, new Fault.Graph(GraphError.of(code)));
    }

    /** The next {@code n} sends get Meta's error {@code code} with {@code httpStatus}. */
    public SendFaults graphErrorNext(int n, int code, int httpStatus) {
        return arm(n, new Fault.Graph(GraphError.of(code, httpStatus)));
    }

    /**
     * The next {@code n} sends are handled (an accepted one is recorded and gets its status webhooks),
     * then the answer waits {@code stall}, or until the emulator closes: Meta took the message and the
     * client saw a timeout.
     */
    public SendFaults stallNext(int n, Duration stall) {
        return arm(n, new Fault.Stall(Objects.requireNonNull(stall)));
    }

    /** The next {@code n} sends are accepted, then reported {@code failed} with {@code code} (whatsapp.md §5). */
    public SendFaults failAfterAcceptNext(int n, int code) {
        return arm(n, new Fault.FailAfterAccept(GraphError.of(code)));
    }

    /** How many faults have fired. */
    public int injected() {
        return injected.get();
    }

    /** How many armed faults have not fired yet. */
    public int pending() {
        return queue.size();
    }

    public void clear() {
        queue.clear();
    }

    Fault take() {
        Fault fault = queue.poll();
        if (fault != null) {
            injected.incrementAndGet();
        }
        return fault;
    }

    private SendFaults arm(int n, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        for (int i = 0; i < n; i++) {
            queue.add(fault);
        }
        return this;
    }
}
