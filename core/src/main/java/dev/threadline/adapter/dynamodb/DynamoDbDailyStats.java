package dev.threadline.adapter.dynamodb;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import static dev.threadline.adapter.dynamodb.SessionItems.n;
import static dev.threadline.adapter.dynamodb.SessionItems.s;

import dev.threadline.application.port.DailyStats;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Decision;
import dev.threadline.domain.PendingEffect;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link DailyStats} on the Threadline table: one counter item per UTC day and shard
 * ({@code pk = STATS#<yyyy-mm-dd>}, {@code sk = SHARD#<nn>}), incremented with {@code ADD} inside the
 * session store's own transactions. The shard is the customer's sweep shard, so two customers'
 * transactions rarely touch the same counter item (DynamoDB cancels transactions that contend for
 * one item). A day is one query of at most {@link ThreadlineTable#SWEEP_SHARDS} items.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.SWEEPER)
public class DynamoDbDailyStats implements DailyStats {

    /** The days a stats query may span: a year, so a request stays a bounded number of queries. */
    public static final int MAX_DAYS = 366;
    /** Counter items expire after this; the figures are for people, not for the ledger. */
    static final Duration RETENTION = Duration.ofDays(400);

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig config;

    public DynamoDbDailyStats(DynamoDbClient dynamo, DynamoDbConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    /** The counters a claimed decision adds: its kind and its stage. */
    static Map<String, Long> forDecision(Decision decision) {
        return Map.of(DECISION_PREFIX + decision.kind().name(), 1L, STAGE_PREFIX + decision.stage().name(), 1L);
    }

    /** The counters a completed effect adds: its messages, and the ticket it opened, if any. */
    static Map<String, Long> forCompletion(PendingEffect completed, boolean opened, int messages) {
        Map<String, Long> adds = new HashMap<>(Map.of(MESSAGES_APPLIED, (long) messages));
        if (opened) {
            adds.put(TICKETS_OPENED, 1L);
            if (completed instanceof PendingEffect.OpenTicket open && open.needsTriage()) {
                adds.put(TICKETS_NEEDING_TRIAGE, 1L);
            }
        }
        return adds;
    }

    /** The counters a ticket's first reply adds: one reply, its wait in seconds, and its histogram bucket. */
    static Map<String, Long> forFirstReply(Duration waited) {
        long seconds = Math.max(0, waited.toSeconds()); // Meta's clock and ours may differ by a little
        String bucket = FIRST_REPLY_BOUNDS_MINUTES.stream().filter(m -> seconds <= m * 60L).findFirst()
                .map(m -> FIRST_REPLY_WITHIN_PREFIX + m + "m").orElse(FIRST_REPLY_OVER);
        return Map.of(FIRST_REPLIES, 1L, FIRST_REPLY_SECONDS, seconds, bucket, 1L);
    }

    /** One {@code ADD} update of the day's counter item for the customer's shard. */
    static TransactWriteItem increment(String table, Instant at, CustomerKey customer, Map<String, Long> adds) {
        Map<String, String> names = new HashMap<>(Map.of("#exp", ThreadlineTable.EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":exp", n(at.plus(RETENTION).getEpochSecond())));
        List<String> terms = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> add : adds.entrySet()) {
            names.put("#c" + i, add.getKey());
            values.put(":c" + i, n(add.getValue()));
            terms.add("#c" + i + " :c" + i);
            i++;
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(ThreadlineTable.PK, s(dayPk(LocalDate.ofInstant(at, ZoneOffset.UTC))),
                        ThreadlineTable.SK, s(ThreadlineTable.STATS_SHARD_PREFIX
                                + String.format("%02d", ThreadlineTable.shardOf(customer)))))
                .updateExpression("SET #exp = if_not_exists(#exp, :exp) ADD " + String.join(", ", terms))
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    @Override
    public List<Day> days(LocalDate from, LocalDate to) {
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
            throw new IllegalArgumentException("a stats range is 1 to " + MAX_DAYS + " days, was " + from + " to " + to);
        }
        List<Day> out = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Map<String, Long> sums = new LinkedHashMap<>();
            String pk = dayPk(day);
            dynamo.queryPaginator(b -> b.tableName(config.tableName()).keyConditionExpression("#pk = :pk")
                            .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK))
                            .expressionAttributeValues(Map.of(":pk", s(pk))))
                    .items().forEach(item -> item.forEach((name, value) -> {
                        if (value.n() != null && !name.equals(ThreadlineTable.EXPIRES_AT)) {
                            sums.merge(name, Long.parseLong(value.n()), Long::sum);
                        }
                    }));
            out.add(new Day(day, sums));
        }
        return out;
    }

    @Override
    public long openSessions() {
        long open = 0;
        for (int shard = 0; shard < ThreadlineTable.SWEEP_SHARDS; shard++) {
            String key = ThreadlineTable.sweepShard(shard);
            open += dynamo.queryPaginator(b -> b.tableName(config.tableName()).indexName(ThreadlineTable.SWEEP_INDEX)
                            .keyConditionExpression("#shard = :shard").select(Select.COUNT)
                            .expressionAttributeNames(Map.of("#shard", ThreadlineTable.SWEEP_SHARD))
                            .expressionAttributeValues(Map.of(":shard", s(key))))
                    .stream().mapToLong(page -> page.count()).sum();
        }
        return open;
    }

    private static String dayPk(LocalDate day) {
        return ThreadlineTable.STATS_PREFIX + day;
    }
}
