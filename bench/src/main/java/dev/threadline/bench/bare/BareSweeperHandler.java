package dev.threadline.bench.bare;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start floor for sweeper-fn on a table with nothing idle: the same sixteen index queries
 * (one per sweep shard), no framework.
 */
public class BareSweeperHandler implements RequestHandler<ScheduledEvent, String> {

    private static final int SHARDS = 16;

    private final DynamoDbClient dynamo = BareClients.dynamo();
    private final String table = BareClients.env("TABLE_NAME");

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        long cutoff = System.currentTimeMillis() / 1000 - 24 * 3600;
        int found = 0;
        for (int shard = 0; shard < SHARDS; shard++) {
            String key = String.format("ACTIVE#%02d", shard);
            found += dynamo.query(b -> b.tableName(table).indexName("sweep-index")
                    .keyConditionExpression("#shard = :shard AND #last < :cutoff")
                    .expressionAttributeNames(Map.of("#shard", "sweep_shard", "#last", "last_activity_timestamp"))
                    .expressionAttributeValues(Map.of(":shard", AttributeValue.fromS(key),
                            ":cutoff", AttributeValue.fromN(Long.toString(cutoff))))
                    .limit(500)).count();
        }
        return "candidates=" + found;
    }
}
