package dev.threadline.adapter.dynamodb;

import static dev.threadline.adapter.dynamodb.SessionItems.n;
import static dev.threadline.adapter.dynamodb.SessionItems.s;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketRecord;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link SessionStore} on the Threadline table. A session write is a full-item {@code Put}
 * conditioned on the version it replaces ({@code attribute_not_exists} for a new customer), inside
 * one {@code TransactWriteItems} with the side records it implies, so a write is all or nothing.
 *
 * <p>A failed version condition becomes {@link ConflictException}; every other DynamoDB error
 * propagates (ticket-fn then retries the message later).
 */
@Singleton
public class DynamoDbSessionStore implements SessionStore {

    private static final int TRANSACTION_ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;
    private final Clock clock;
    private final SessionItems items;
    private final SessionAliases aliases;
    private final Metrics metrics;

    public DynamoDbSessionStore(DynamoDbClient dynamo, DynamoDbConfig config, Clock clock, ObjectMapper json,
                                Metrics metrics) {
        this.dynamo = dynamo;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.items = new SessionItems(json);
        this.aliases = new SessionAliases(dynamo, config.tableName(), metrics);
    }

    @Override
    public Session load(CustomerKey customer) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.tableName())
                .key(SessionItems.sessionKey(customer)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Session.fresh(customer) : items.toSession(customer, item);
    }

    @Override
    public Session load(List<CustomerKey> identities) {
        SessionAliases.Found found = aliases.find(identities);
        if (found == null) {
            return Session.fresh(identities.get(0));
        }
        return found.session() != null ? items.toSession(found.customer(), found.session()) : load(found.customer());
    }

    @Override
    public void claim(Session current, Session next, DecisionRecord decision) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.addAll(sessionWrites(current, next));
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(config.tableName())
                .item(SessionItems.decisionItem(current.customer(), decision)).build()).build());
        if (decision.question() != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(config.tableName())
                    .item(items.judgeInputItem(current.customer(), decision, config.judgeInputTtl())).build()).build());
        }
        writes.add(DynamoDbDailyStats.increment(config.tableName(), decision.decidedAt(), current.customer(),
                DynamoDbDailyStats.forDecision(decision.decision())));
        write(writes);
    }

    @Override
    public void complete(Session current, Session next, TicketRecord opened, TicketRecord closedTicket, Instant closedAt,
                         List<MessageRef> applied) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.addAll(sessionWrites(current, next));
        if (opened != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(config.tableName())
                    .item(SessionItems.ticketItem(current.customer(), opened)).build()).build());
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(config.tableName())
                    .item(SessionItems.directoryItem(current.customer(), opened.ticketId())).build()).build());
        }
        if (closedTicket != null && closedTicket.openedAt() != null) {
            writes.add(closeTicket(current.customer(), closedTicket, closedAt));
        }
        applied.forEach(ref -> writes.add(appliedMark(ref)));
        // Counted on the day the effect completes, with the same transaction, so the counts never drift.
        writes.add(DynamoDbDailyStats.increment(config.tableName(), clock.instant(), current.customer(),
                DynamoDbDailyStats.forCompletion(current.pending(), opened != null, applied.size())));
        write(writes);
    }

    @Override
    public void replace(Session current, Session next) {
        write(sessionWrites(current, next));
    }

    @Override
    public void close(Session current, Instant closedAt) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.addAll(sessionWrites(current, current.closed()));
        if (current.openTicketId() != null && current.openTicketOpenedAt() != null) {
            writes.add(closeTicket(current.customer(),
                    new TicketRecord(current.openTicketId(), null, current.openTicketOpenedAt(), null), closedAt));
        }
        write(writes);
    }

    @Override
    public List<CustomerKey> idleActiveSessions(Instant cutoff, int max) {
        List<CustomerKey> found = new ArrayList<>();
        for (int shard = 0; shard < ThreadlineTable.SWEEP_SHARDS && found.size() < max; shard++) {
            String shardKey = ThreadlineTable.sweepShard(shard);
            Map<String, AttributeValue> startKey = null;
            do {
                int limit = max - found.size();
                Map<String, AttributeValue> from = startKey;
                QueryResponse page = dynamo.query(b -> b.tableName(config.tableName())
                        .indexName(ThreadlineTable.SWEEP_INDEX)
                        .keyConditionExpression("#shard = :shard AND #last < :cutoff")
                        .expressionAttributeNames(Map.of("#shard", ThreadlineTable.SWEEP_SHARD, "#last", ThreadlineTable.LAST_ACTIVITY))
                        .expressionAttributeValues(Map.of(":shard", s(shardKey), ":cutoff", n(cutoff.getEpochSecond())))
                        .limit(limit)
                        .exclusiveStartKey(from));
                metrics.counts(Map.of("SweepPagesRead", 1L));
                page.items().forEach(item -> found.add(CustomerKey.parse(
                        item.get(ThreadlineTable.PK).s().substring("CUST#".length()))));
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null && found.size() < max);
        }
        return found;
    }

    /** Marks a job applied in the message ledger, so intake drops its redeliveries. */
    TransactWriteItem appliedMark(MessageRef ref) {
        long expires = clock.instant().plus(config.dedupTtl()).getEpochSecond();
        return TransactWriteItem.builder().update(DynamoDbMessageLedger.applied(config.tableName(), ref, expires)).build();
    }

    /** Marks a ticket's history record closed. */
    TransactWriteItem closeTicket(CustomerKey customer, TicketRecord ticket, Instant closedAt) {
        return TransactWriteItem.builder().update(Update.builder().tableName(config.tableName())
                .key(SessionItems.ticketKey(customer, ticket))
                .updateExpression("SET ticket_id = :id, opened_at = if_not_exists(opened_at, :opened), "
                        + "closed_at = if_not_exists(closed_at, :closed)")
                .expressionAttributeValues(Map.of(":id", s(ticket.ticketId()),
                        ":opened", s(SessionItems.SORTABLE.format(ticket.openedAt())),
                        ":closed", s(SessionItems.SORTABLE.format(closedAt))))
                .build()).build();
    }

    @Override
    public List<TicketRecord> tickets(CustomerKey customer) {
        return query(customer, ThreadlineTable.TICKET_PREFIX, SessionItems::toTicket);
    }

    @Override
    public List<DecisionRecord> decisions(CustomerKey customer) {
        return query(customer, ThreadlineTable.DECISION_PREFIX, SessionItems::toDecision);
    }

    private <T> List<T> query(CustomerKey customer, String prefix, Function<Map<String, AttributeValue>, T> mapper) {
        List<T> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(config.tableName())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK, "#sk", ThreadlineTable.SK))
                        .expressionAttributeValues(Map.of(":pk", s(SessionItems.customerPk(customer)), ":prefix", s(prefix))))
                .items().forEach(item -> out.add(mapper.apply(item)));
        return out;
    }

    /** The session's write and, in the same transaction, its new alias records ({@link SessionAliases}). */
    List<TransactWriteItem> sessionWrites(Session current, Session next) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(sessionPut(current, next)));
        writes.addAll(aliases.writes(current, next));
        return writes;
    }

    private TransactWriteItem sessionPut(Session current, Session next) {
        Put.Builder put = Put.builder().tableName(config.tableName()).item(items.toItem(next, clock.instant()));
        if (current.version() == 0) {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK));
        } else {
            put.conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(current.version())));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    void write(List<TransactWriteItem> writes) {
        try {
            transact(writes);
        } catch (TransactionCanceledException e) {
            boolean conflict = e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
            if (conflict) {
                throw new ConflictException("session changed since it was read", e);
            }
            throw e;
        } catch (ConditionalCheckFailedException e) {
            throw new ConflictException("session changed since it was read", e);
        }
    }

    /**
     * A cancelled transaction wrote nothing, so one that lost only a race for an item (the day's
     * shared counter item, usually) is sent again at once, a few times, before it fails the turn.
     */
    private void transact(List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                boolean raceOnly = e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .allMatch(r -> "None".equals(r.code()) || "TransactionConflict".equals(r.code()));
                if (!raceOnly || attempt >= TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                metrics.counts(Map.of("TransactionConflicts", 1L));
            }
        }
    }
}
