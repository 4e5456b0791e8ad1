package dev.threadline.embedded;

import dev.threadline.adapter.dynamodb.ThreadlineTable;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the table and queues Threadline needs, shaped as infra/template.yaml shapes them (FIFO
 * queue with a FIFO dead-letter queue, on-demand table with TTL and the sweeper's sparse index).
 * Idempotent.
 */
public final class Provisioner {

    private Provisioner() {}

    /** What was created, by name and URL. */
    public record Resources(String tableName, String queueUrl, String deadLetterQueueUrl) {}

    /** With the deployed queue timings. */
    public static Resources provision(AwsEndpoints endpoints, String prefix) {
        return provision(endpoints, prefix, QueueTimings.DEPLOYED);
    }

    public static Resources provision(AwsEndpoints endpoints, String prefix, QueueTimings timings) {
        try (DynamoDbClient dynamo = endpoints.dynamoDbClient(); SqsClient sqs = endpoints.sqsClient()) {
            String table = prefix + "-table";
            createTable(dynamo, table);
            String dlqUrl = sqs.createQueue(b -> b.queueName(prefix + "-dlq.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String queueUrl = sqs.createQueue(b -> b.queueName(prefix + "-jobs.fifo").attributes(Map.of(
                    QueueAttributeName.FIFO_QUEUE, "true",
                    QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                    QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(timings.visibilityTimeout().toSeconds()),
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600",
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + timings.maxReceiveCount() + "\"}")))
                    .queueUrl();
            return new Resources(table, queueUrl, dlqUrl);
        }
    }

    private static void createTable(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(ThreadlineTable.PK, ScalarAttributeType.S),
                            attribute(ThreadlineTable.SK, ScalarAttributeType.S),
                            attribute(ThreadlineTable.SWEEP_SHARD, ScalarAttributeType.S),
                            attribute(ThreadlineTable.LAST_ACTIVITY, ScalarAttributeType.N))
                    .keySchema(key(ThreadlineTable.PK, KeyType.HASH), key(ThreadlineTable.SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(ThreadlineTable.SWEEP_INDEX)
                            .keySchema(key(ThreadlineTable.SWEEP_SHARD, KeyType.HASH), key(ThreadlineTable.LAST_ACTIVITY, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                            .build()));
            dynamo.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName(ThreadlineTable.EXPIRES_AT).enabled(true)));
        } catch (ResourceInUseException exists) {
            // Already provisioned (persistent local data): keep it.
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
