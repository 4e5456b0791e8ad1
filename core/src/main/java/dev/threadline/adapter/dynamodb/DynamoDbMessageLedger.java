package dev.threadline.adapter.dynamodb;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import dev.threadline.application.port.MessageLedger;
import dev.threadline.domain.MessageRef;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link MessageLedger} as one conditional {@code PutItem} per message.
 *
 * <p>{@code attribute_not_exists(pk)} makes the first writer win; a loser gets the existing item
 * back at no extra cost ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}) and learns from its
 * {@code state} whether ticket-fn has applied the message yet. Any other DynamoDB error propagates:
 * intake then answers 5xx and Meta redelivers.
 */
@Singleton
// intake claims; ticket-fn marks the jobs it applies outside a session transaction (markApplied).
@Requires(condition = Functions.ReadsOrWritesJobs.class)
public class DynamoDbMessageLedger implements MessageLedger {

    static final String STATE = "state";
    static final String RECEIVED = "RECEIVED";
    static final String APPLIED = "APPLIED";
    static final String RECEIVED_AT = "received_at";

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;
    private final Clock clock;

    public DynamoDbMessageLedger(DynamoDbClient dynamo, DynamoDbConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Claim claim(MessageRef job) {
        long now = clock.instant().getEpochSecond();
        PutItemRequest put = PutItemRequest.builder()
                .tableName(config.tableName())
                .item(Map.of(
                        ThreadlineTable.PK, s(ThreadlineTable.ledgerPk(job)),
                        ThreadlineTable.SK, s(ThreadlineTable.LEDGER_SK),
                        STATE, s(RECEIVED),
                        RECEIVED_AT, n(now),
                        ThreadlineTable.EXPIRES_AT, n(now + config.dedupTtl().toSeconds())))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            dynamo.putItem(put);
            return new Claim.First();
        } catch (ConditionalCheckFailedException seen) {
            AttributeValue state = seen.hasItem() ? seen.item().get(STATE) : null;
            return state != null && APPLIED.equals(state.s()) ? new Claim.AlreadyApplied() : new Claim.SeenNotApplied();
        }
    }

    @Override
    public void markApplied(MessageRef job) {
        Update mark = applied(config.tableName(), job, clock.instant().plus(config.dedupTtl()).getEpochSecond());
        dynamo.updateItem(b -> b.tableName(mark.tableName()).key(mark.key()).updateExpression(mark.updateExpression())
                .expressionAttributeNames(mark.expressionAttributeNames()).expressionAttributeValues(mark.expressionAttributeValues()));
    }

    /** The one way a ledger record becomes APPLIED, alone or inside a session's transaction; keeps an existing expiry. */
    static Update applied(String table, MessageRef ref, long expires) {
        return Update.builder().tableName(table)
                .key(Map.of(ThreadlineTable.PK, s(ThreadlineTable.ledgerPk(ref)), ThreadlineTable.SK, s(ThreadlineTable.LEDGER_SK)))
                .updateExpression("SET #state = :applied, #exp = if_not_exists(#exp, :exp)")
                .expressionAttributeNames(Map.of("#state", STATE, "#exp", ThreadlineTable.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":applied", s(APPLIED), ":exp", n(expires)))
                .build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
