package dev.threadline.adapter.sqs;

import dev.threadline.config.Functions;
import dev.threadline.config.Primer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Primes the SQS client with {@code GetQueueAttributes} on the job queue (read-only), in the
 * functions that have one ({@code QUEUE_URL}).
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.INTAKE)
public class QueuePrimer implements Primer {

    private final SqsClient sqs;
    private final SqsConfig config;

    public QueuePrimer(SqsClient sqs, SqsConfig config) {
        this.sqs = sqs;
        this.config = config;
    }

    @Override
    public void prime() {
        sqs.getQueueAttributes(b -> b.queueUrl(config.queueUrl()).attributeNamesWithStrings("QueueArn"));
    }
}
