package dev.threadline.local;

import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.ticket.TicketHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ticket-fn driven from the FIFO queue as Lambda's event source mapping drives it: several pollers,
 * each receiving batches and handing them to the handler, with partial-batch failures.
 */
final class TicketPollers implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private TicketPollers() {}

    static TicketPollers start(int count, SqsClient sqs, String queueUrl, TicketHandler handler) {
        TicketPollers pollers = new TicketPollers();
        for (int i = 0; i < count; i++) {
            LambdaSqsPoller poller = new LambdaSqsPoller(sqs, queueUrl, event -> handler.handleRequest(event, null), false);
            pollers.threads.add(Thread.ofPlatform().daemon().name("ticket-poller-" + i).start(() -> pollers.poll(poller)));
        }
        return pollers;
    }

    int size() {
        return threads.size();
    }

    private void poll(LambdaSqsPoller poller) {
        while (running) {
            try {
                poller.pollOnce(1);
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("ticket poller: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Stops polling; waits briefly for each poller's batch in flight. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
