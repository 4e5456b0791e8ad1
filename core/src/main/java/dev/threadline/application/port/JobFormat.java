package dev.threadline.application.port;

import dev.threadline.domain.InboundMessage;

/** How a queued job's body carries an {@link InboundMessage}: intake writes it, ticket-fn reads it. */
public interface JobFormat {

    String encode(InboundMessage message);

    /**
     * @throws IllegalArgumentException when the body is not a job this version can read; such a job
     *     can never succeed and belongs in the dead-letter queue
     */
    InboundMessage decode(String body);
}
