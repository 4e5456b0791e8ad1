package dev.threadline.bench;

import dev.threadline.adapter.dynamodb.ThreadlineTable;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.Provisioner.Resources;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The floor under intake: the same two AWS calls intake makes for one message, done bare with the
 * SDK clients (the same URLConnection HTTP client as the function's): the ledger's conditional
 * {@code PutItem} and a one-entry {@code SendMessageBatch} with a job body of the same size. No HTTP
 * routing, signature check, parsing, logging or metrics.
 */
final class Floor implements AutoCloseable {

    /** Everything a call needs, computed before the clock starts. */
    record Call(String ledgerPk, String groupId, String dedupId, String body) {}

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Resources resources;
    private final long ttlSeconds = java.time.Duration.ofDays(8).toSeconds();

    Floor(AwsEndpoints endpoints, Resources resources) {
        this.dynamo = endpoints.dynamoDbClient();
        this.sqs = endpoints.sqsClient();
        this.resources = resources;
    }

    void send(Call call) {
        long now = System.currentTimeMillis() / 1000;
        dynamo.putItem(b -> b.tableName(resources.tableName())
                .item(Map.of(
                        ThreadlineTable.PK, AttributeValue.fromS(call.ledgerPk()),
                        ThreadlineTable.SK, AttributeValue.fromS("MSG"),
                        "state", AttributeValue.fromS("RECEIVED"),
                        "received_at", AttributeValue.fromN(Long.toString(now)),
                        ThreadlineTable.EXPIRES_AT, AttributeValue.fromN(Long.toString(now + ttlSeconds))))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        var response = sqs.sendMessageBatch(b -> b.queueUrl(resources.queueUrl()).entries(SendMessageBatchRequestEntry.builder()
                .id("0").messageBody(call.body()).messageGroupId(call.groupId()).messageDeduplicationId(call.dedupId())
                .build()));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException("floor SendMessageBatch failed: " + response.failed());
        }
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
    }
}
