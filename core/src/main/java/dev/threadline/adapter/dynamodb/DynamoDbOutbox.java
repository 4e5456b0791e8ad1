package dev.threadline.adapter.dynamodb;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import static dev.threadline.adapter.dynamodb.SessionItems.n;
import static dev.threadline.adapter.dynamodb.SessionItems.putIfPresent;
import static dev.threadline.adapter.dynamodb.SessionItems.s;
import static dev.threadline.adapter.dynamodb.SessionItems.str;

import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Outbox;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.application.port.TicketDirectory;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.Session;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The outbox and the ticket directory on the Threadline table. A reply lives beside its customer's
 * session ({@code CUST#… / REPLY#<key>}), so recording it, the session change and the ledger mark
 * of the event that carried it are one transaction. Every later change is a {@code Put} conditioned
 * on the version read.
 */
@Singleton
@Requires(condition = Functions.ReadsOrWritesJobs.class)
public class DynamoDbOutbox implements Outbox, TicketDirectory {

    /** Replies are kept this long after they were written, for status callbacks and audits. */
    static final Duration REPLY_TTL = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;
    private final DynamoDbSessionStore sessions;
    private final Clock clock;
    private final FirstReplyMark firstReplies;

    public DynamoDbOutbox(DynamoDbClient dynamo, DynamoDbConfig config, DynamoDbSessionStore sessions, Metrics metrics,
                          Clock clock) {
        this.dynamo = dynamo;
        this.config = config;
        this.sessions = sessions;
        this.clock = clock;
        this.firstReplies = new FirstReplyMark(dynamo, config, metrics, clock);
    }

    @Override
    public CustomerKey customerOf(String ticketId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.tableName())
                .key(Map.of(ThreadlineTable.PK, s(ThreadlineTable.issuePk(ticketId)), ThreadlineTable.SK, s(ThreadlineTable.ISSUE_SK))))
                .item();
        return item == null || item.isEmpty() ? null : CustomerKey.parse(item.get("customer").s());
    }

    @Override
    public OutboundReply find(CustomerKey customer, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.tableName())
                .key(key(customer, key)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : toReply(item);
    }

    @Override
    public void record(Session current, Session next, OutboundReply reply, MessageRef event) {
        List<TransactWriteItem> writes = new ArrayList<>(sessions.sessionWrites(current, next));
        writes.addAll(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(config.tableName()).item(toItem(current.customer(), reply))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK)).build()).build(),
                sessions.appliedMark(event)));
        sessions.write(writes);
    }

    @Override
    public void update(CustomerKey customer, OutboundReply current, OutboundReply next) {
        Put put = Put.builder().tableName(config.tableName()).item(toItem(customer, next))
                .conditionExpression("#v = :v")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":v", n(current.version()))).build();
        if (FirstReplyMark.reaches(current, next) && firstReplies.write(customer, next, put)) {
            return; // the ticket's first reply: stamped and counted in the same write
        }
        try {
            dynamo.putItem(b -> b.tableName(put.tableName()).item(put.item()).conditionExpression(put.conditionExpression())
                    .expressionAttributeNames(put.expressionAttributeNames())
                    .expressionAttributeValues(put.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("reply changed since it was read", e);
        }
    }

    private static Map<String, AttributeValue> key(CustomerKey customer, String replyKey) {
        return Map.of(ThreadlineTable.PK, s(SessionItems.customerPk(customer)), ThreadlineTable.SK, s(ThreadlineTable.REPLY_PREFIX + replyKey));
    }

    private Map<String, AttributeValue> toItem(CustomerKey customer, OutboundReply reply) {
        Map<String, AttributeValue> item = new HashMap<>(key(customer, reply.key()));
        item.put("ticket_id", s(reply.ticketId()));
        item.put("reply_text", s(reply.text()));
        item.put("reply_state", s(reply.state().name()));
        item.put("created_at", n(reply.createdAt().getEpochSecond()));
        item.put("version", n(reply.version()));
        item.put(ThreadlineTable.EXPIRES_AT, n(clock.instant().plus(REPLY_TTL).getEpochSecond()));
        putIfPresent(item, "wamid", reply.wamid());
        putIfPresent(item, "note_id", reply.noteId());
        putIfPresent(item, "noted_state", reply.notedState() == null ? null : reply.notedState().name());
        putIfPresent(item, "reason", reply.reason());
        return item;
    }

    private static OutboundReply toReply(Map<String, AttributeValue> item) {
        String noted = str(item, "noted_state");
        return new OutboundReply(item.get(ThreadlineTable.SK).s().substring(ThreadlineTable.REPLY_PREFIX.length()),
                item.get("ticket_id").s(), item.get("reply_text").s(), OutboundReply.State.valueOf(item.get("reply_state").s()),
                str(item, "wamid"), str(item, "note_id"), noted == null ? null : OutboundReply.State.valueOf(noted),
                str(item, "reason"), Instant.ofEpochSecond(Long.parseLong(item.get("created_at").n())),
                Long.parseLong(item.get("version").n()));
    }
}
