package dev.threadline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.CustomerKey;
import dev.threadline.embedded.AwsEndpoints;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Prints each job intake queued (id, type, customer fingerprint, text length) and removes it.
 * Stands in for ticket-fn until the local pipeline drives it.
 */
final class QueueTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final Thread thread;
    private volatile boolean running = true;

    private QueueTap(AwsEndpoints aws, String queueUrl) {
        this.sqs = aws.sqsClient();
        this.queueUrl = queueUrl;
        this.thread = Thread.ofPlatform().daemon().name("queue-tap").start(this::loop);
    }

    static QueueTap start(AwsEndpoints aws, String queueUrl) {
        return new QueueTap(aws, queueUrl);
    }

    private void loop() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                for (Message message : messages) {
                    System.out.println("queued  " + describe(message.body()));
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("queue tap: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    static String describe(String body) {
        try {
            JsonNode job = JSON.readTree(body);
            return job.path("messageId").asText() + "  type=" + job.path("type").asText()
                    + "  customer=" + CustomerKey.parse(job.path("customer").asText()).fingerprint()
                    + "  chars=" + job.path("text").asText("").length();
        } catch (Exception e) {
            return "(unreadable job: " + e.getClass().getSimpleName() + ")";
        }
    }

    @Override
    public void close() {
        running = false;
        sqs.close();
    }
}
