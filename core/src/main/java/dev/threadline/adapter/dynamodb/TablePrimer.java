package dev.threadline.adapter.dynamodb;

import dev.threadline.config.Primer;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Primes the DynamoDB client with {@code DescribeTable} on the Threadline table: read-only, no capacity used. */
@Singleton
public class TablePrimer implements Primer {

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;

    public TablePrimer(DynamoDbClient dynamo, DynamoDbConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    @Override
    public void prime() {
        dynamo.describeTable(b -> b.tableName(config.tableName()));
    }
}
