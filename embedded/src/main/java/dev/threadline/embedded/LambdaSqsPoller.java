package dev.threadline.embedded;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, against a real (ElasticMQ) queue: receive up to ten
 * messages, invoke the handler with an {@link SQSEvent}, delete the ones not reported in
 * {@code batchItemFailures}, and leave the failed ones to come back. If the handler throws, the
 * whole batch comes back. SQS's own redrive moves a message to the DLQ after its maximum receives.
 *
 * <p>Tests make failed messages visible again at once so they need not wait; the local stack leaves
 * them to the queue's visibility timeout, as Lambda does.
 */
public final class LambdaSqsPoller {

    private final SqsClient sqs;
    private final String queueUrl;
    private final Function<SQSEvent, SQSBatchResponse> handler;

    private final boolean retryAtOnce;

    /** A poller that makes failed messages visible again at once (for tests). */
    public LambdaSqsPoller(SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler) {
        this(sqs, queueUrl, handler, true);
    }

    /**
     * @param retryAtOnce true to make failed messages visible again at once; false to let them come
     *     back after the queue's visibility timeout, as on Lambda
     */
    public LambdaSqsPoller(SqsClient sqs, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler,
                           boolean retryAtOnce) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
        this.retryAtOnce = retryAtOnce;
    }

    /** One receive-invoke-acknowledge cycle; returns how many messages were received. */
    public int pollOnce(int waitSeconds) {
        return pollOnce(waitSeconds, true);
    }

    /**
     * @param acknowledge false to simulate a crash after the handler returned but before Lambda
     *     deleted the messages: everything received comes back
     */
    public int pollOnce(int waitSeconds, boolean acknowledge) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(LambdaSqsPoller::toRecord).toList());
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.apply(event);
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException | Error crash) {
            messages.forEach(m -> failed.add(m.messageId()));
            release(messages, failed);
            throw crash;
        }
        if (!acknowledge) {
            messages.forEach(m -> failed.add(m.messageId()));
        }
        release(messages, failed);
        return messages.size();
    }

    /** Polls until a receive comes back empty, or {@code maxPolls} is reached; returns messages received. */
    public int drain(int maxPolls) {
        int total = 0;
        for (int i = 0; i < maxPolls; i++) {
            int received = pollOnce(1);
            if (received == 0) {
                return total;
            }
            total += received;
        }
        return total;
    }

    private void release(List<Message> messages, Set<String> failed) {
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                if (!retryAtOnce) {
                    continue;
                }
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static SQSMessage toRecord(Message message) {
        SQSMessage record = new SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        Map<String, String> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        record.setEventSource("aws:sqs");
        return record;
    }
}
