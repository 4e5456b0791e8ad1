package dev.threadline.adapter.sqs;

import dev.threadline.config.Functions;
import dev.threadline.application.port.DeadLetters;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@link DeadLetters} as the FIFO dead-letter queue ({@code DLQ_URL}), the same queue SQS's redrive
 * policy uses, with the reason in the {@code failure_reason} message attribute.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class SqsDeadLetters implements DeadLetters {

    /** SQS allows 256 KiB of attributes; a reason longer than this is cut. */
    static final int MAX_REASON = 1000;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeadLetters(SqsClient sqs, @Value("${threadline.sqs.dead-letter-queue-url:}") String queueUrl) {
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalArgumentException("DLQ_URL must be set: the jobs queue's dead-letter queue");
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void deadLetter(List<DeadJob> jobs, String reason) {
        String cut = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        for (int from = 0; from < jobs.size(); from += SqsJobQueue.MAX_ENTRIES) {
            List<DeadJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + SqsJobQueue.MAX_ENTRIES));
            var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(IntStream.range(0, chunk.size())
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .messageBody(chunk.get(i).body())
                            .messageGroupId(chunk.get(i).groupId())
                            .messageDeduplicationId(chunk.get(i).deduplicationId())
                            .messageAttributes(Map.of("failure_reason", MessageAttributeValue.builder()
                                    .dataType("String").stringValue(cut).build()))
                            .build())
                    .toList()));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                throw new IllegalStateException(response.failed().size() + " jobs not dead-lettered: "
                        + response.failed().get(0).code());
            }
        }
    }
}
