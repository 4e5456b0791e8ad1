package dev.threadline.adapter.sqs;

import dev.threadline.config.Functions;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;

/** The FIFO job queue ({@code QUEUE_URL}). */
@ConfigurationProperties("threadline.sqs")
@Requires(condition = Functions.QueuesHelpdeskChanges.class)
public record SqsConfig(String queueUrl) {

    public SqsConfig {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("QUEUE_URL must be set");
        }
        if (!queueUrl.endsWith(".fifo")) {
            throw new IllegalArgumentException("QUEUE_URL must name a FIFO queue (ending in .fifo): per-customer order depends on it");
        }
    }
}
