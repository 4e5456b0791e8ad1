package dev.threadline.application.port;

import dev.threadline.domain.QueuedJob;
import java.util.List;

/**
 * The ordered, durable hand-off from intake to ticket-fn: one FIFO group per customer.
 */
public interface JobQueue {

    /**
     * Enqueues the jobs, keeping their order within each customer. Enqueuing the same job
     * again within the queue's deduplication window is a no-op.
     *
     * @throws QueueUnavailableException when any message could not be enqueued; the caller must
     *     not acknowledge the delivery, so that the sender retries
     */
    void enqueue(List<? extends QueuedJob> jobs);

    /** Some messages did not reach the queue. Which ones is deliberately not exposed: retry all. */
    final class QueueUnavailableException extends RuntimeException {
        public QueueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
