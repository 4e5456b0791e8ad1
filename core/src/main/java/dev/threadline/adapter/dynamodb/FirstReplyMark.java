package dev.threadline.adapter.dynamodb;

import static dev.threadline.adapter.dynamodb.SessionItems.s;

import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.OutboundReply.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Time to first agent reply, measured where it happens: the write that moves a ticket's first reply
 * to a state in which the customer has it also stamps {@code first_reply_at} on the ticket's history
 * record and adds the wait to the day's counters ({@link DynamoDbDailyStats#forFirstReply}), in one
 * transaction. The stamp's {@code attribute_not_exists} condition makes it once per ticket, however
 * often the reply's state is written again or a second reply follows.
 */
final class FirstReplyMark {

    /** The states in which WhatsApp has accepted the reply: the customer has (or will have) it. */
    private static final Set<State> REACHED = Set.of(State.SENT, State.DELIVERED, State.READ);
    private static final String FIRST_REPLY_AT = "first_reply_at";
    private static final int ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;
    private final Metrics metrics;
    private final Clock clock;

    FirstReplyMark(DynamoDbClient dynamo, DynamoDbConfig config, Metrics metrics, Clock clock) {
        this.dynamo = dynamo;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether this change is the moment the reply reached the customer. */
    static boolean reaches(OutboundReply current, OutboundReply next) {
        return REACHED.contains(next.state()) && !REACHED.contains(current.state());
    }

    /**
     * Writes {@code replyPut} together with the ticket's first-reply stamp and counters.
     *
     * @return {@code false}, having written nothing, when the ticket has no history record here or
     *     already had its first reply: the caller writes the reply alone
     * @throws ConflictException when the reply's version condition failed
     */
    boolean write(CustomerKey customer, OutboundReply next, Put replyPut) {
        Map<String, AttributeValue> ticket = ticketRecord(customer, next.ticketId());
        if (ticket == null || ticket.containsKey(FIRST_REPLY_AT) || !ticket.containsKey("opened_at")) {
            return false;
        }
        Instant now = clock.instant();
        Duration waited = Duration.between(SessionItems.SORTABLE.parse(ticket.get("opened_at").s(), Instant::from), now);
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(replyPut).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(config.tableName())
                        .key(Map.of(ThreadlineTable.PK, ticket.get(ThreadlineTable.PK), ThreadlineTable.SK, ticket.get(ThreadlineTable.SK)))
                        .updateExpression("SET #at = :at")
                        .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#at)")
                        .expressionAttributeNames(Map.of("#at", FIRST_REPLY_AT, "#pk", ThreadlineTable.PK))
                        .expressionAttributeValues(Map.of(":at", s(SessionItems.SORTABLE.format(now)))).build()).build(),
                DynamoDbDailyStats.increment(config.tableName(), now, customer, DynamoDbDailyStats.forFirstReply(waited)));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                metrics.millis("FirstReplyTime", Math.max(0, waited.toMillis()));
                return true;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
                if (failed(codes, 0)) {
                    throw new ConflictException("reply changed since it was read", e);
                }
                if (failed(codes, 1)) {
                    return false; // another reply on this ticket reached the customer first
                }
                if (!codes.stream().allMatch(c -> "None".equals(c) || "TransactionConflict".equals(c))) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    // Lost the race for the day's counter item every time. The reply's own state matters more
                    // than a figure: it is written alone, and this ticket's wait goes uncounted.
                    return false;
                }
            }
        }
    }

    private static boolean failed(List<String> codes, int index) {
        return codes.size() > index && "ConditionalCheckFailed".equals(codes.get(index));
    }

    /** The customer's history record of the ticket: a query within the customer's own items, never a scan. */
    private Map<String, AttributeValue> ticketRecord(CustomerKey customer, String ticketId) {
        return dynamo.queryPaginator(b -> b.tableName(config.tableName())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .filterExpression("ticket_id = :id")
                        .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK, "#sk", ThreadlineTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(SessionItems.customerPk(customer)),
                                ":prefix", s(ThreadlineTable.TICKET_PREFIX), ":id", s(ticketId)))
                        .consistentRead(true))
                .items().stream().findFirst().orElse(null);
    }
}
