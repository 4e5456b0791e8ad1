package dev.threadline.application.port;

import dev.threadline.domain.QueuedJob;

/** How a queued job's body carries a {@link QueuedJob}: intake writes it, ticket-fn reads it. */
public interface JobFormat {

    String encode(QueuedJob job);

    /**
     * @throws IllegalArgumentException when the body is not a job this version can read; such a job
     *     can never succeed and belongs in the dead-letter queue
     */
    QueuedJob decode(String body);
}
