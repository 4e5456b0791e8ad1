package dev.threadline.adapter.dynamodb;

import dev.threadline.application.port.HelpdeskChanges.Feed;
import dev.threadline.application.port.HelpdeskChanges.Position;
import dev.threadline.application.port.PollCursors;
import dev.threadline.config.Functions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@link PollCursors} as one item per feed ({@code CURSOR#helpdesk#<feed>}), read consistently and
 * replaced by a {@code PutItem} conditional on the position read: a slower, overlapping run fails the
 * condition instead of moving the cursor back.
 */
@Singleton
@Requires(condition = Functions.PollsHelpdesk.class)
public class DynamoDbPollCursors implements PollCursors {

    static final String MODIFIED = "modified";
    static final String DOC_NAME = "doc_name";
    static final String MOVED_AT = "moved_at";

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;
    private final Clock clock;

    public DynamoDbPollCursors(DynamoDbClient dynamo, DynamoDbConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Position load(Feed feed) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.tableName()).key(key(feed))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : new Position(item.get(MODIFIED).s(), item.get(DOC_NAME).s());
    }

    @Override
    public void move(Feed feed, Position from, Position to) {
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(config.tableName())
                .item(Map.of(ThreadlineTable.PK, key(feed).get(ThreadlineTable.PK), ThreadlineTable.SK, s(ThreadlineTable.CURSOR_SK),
                        MODIFIED, s(to.modified()), DOC_NAME, s(to.name()), MOVED_AT, s(clock.instant().toString())));
        if (from == null) {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK));
        } else {
            put.conditionExpression("#m = :m AND #n = :n")
                    .expressionAttributeNames(Map.of("#m", MODIFIED, "#n", DOC_NAME))
                    .expressionAttributeValues(Map.of(":m", s(from.modified()), ":n", s(from.name())));
        }
        try {
            dynamo.putItem(put.build());
        } catch (ConditionalCheckFailedException moved) {
            throw new MovedException("the " + feed + " cursor moved since it was read");
        }
    }

    private static Map<String, AttributeValue> key(Feed feed) {
        return Map.of(ThreadlineTable.PK, s(ThreadlineTable.CURSOR_PREFIX + feed.name()), ThreadlineTable.SK, s(ThreadlineTable.CURSOR_SK));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
