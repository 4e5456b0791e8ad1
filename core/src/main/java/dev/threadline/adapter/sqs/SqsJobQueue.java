package dev.threadline.adapter.sqs;

import dev.threadline.config.Functions;
import dev.threadline.application.port.JobQueue;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.QueuedJob;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@link JobQueue} on an SQS FIFO queue, with {@code SendMessageBatch} in chunks of at most ten
 * entries and 256 KiB (SQS's batch limits).
 *
 * <p>{@code MessageGroupId} is a digest of the customer key, so one customer's jobs are delivered in
 * order and one at a time, and no phone number appears in queue metadata. {@code
 * MessageDeduplicationId} is a digest of (business number, wamid): 64 hex characters, within SQS's
 * 128-character limit and charset whatever Meta's ids look like.
 */
@Singleton
@Requires(condition = Functions.QueuesHelpdeskChanges.class)
public class SqsJobQueue implements JobQueue {

    static final int MAX_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = 256 * 1024;

    private final SqsClient sqs;
    private final SqsConfig config;
    private final JobCodec codec;

    public SqsJobQueue(SqsClient sqs, SqsConfig config, JobCodec codec) {
        this.sqs = sqs;
        this.config = config;
        this.codec = codec;
    }

    @Override
    public void enqueue(List<? extends QueuedJob> jobs) {
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        int batchBytes = 0;
        for (QueuedJob job : jobs) {
            String body = codec.encode(job);
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            if (batch.size() == MAX_ENTRIES || (!batch.isEmpty() && batchBytes + bytes > MAX_BATCH_BYTES)) {
                send(batch);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(batch.size()))
                    .messageBody(body)
                    .messageGroupId(groupId(job.customer()))
                    .messageDeduplicationId(job.ref().digest())
                    .build());
            batchBytes += bytes;
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    /** The FIFO group for a customer; also used by ticket-fn to report a group's failures. */
    public static String groupId(CustomerKey customer) {
        return customer.digest();
    }

    private void send(List<SendMessageBatchRequestEntry> entries) {
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(config.queueUrl()).entries(entries));
        } catch (SdkException e) {
            throw new QueueUnavailableException("SendMessageBatch failed: " + e.getClass().getSimpleName(), e);
        }
        if (response.hasFailed() && !response.failed().isEmpty()) {
            var first = response.failed().get(0);
            throw new QueueUnavailableException(response.failed().size() + " of " + entries.size()
                    + " entries not enqueued, first: " + first.code() + " (senderFault=" + first.senderFault() + ")", null);
        }
    }
}
