package dev.threadline.adapter.dynamodb;

import dev.threadline.application.port.CaseStore;
import dev.threadline.config.Functions;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import dev.threadline.domain.CaseRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link CaseStore} in the Threadline table, one partition per helpdesk site:
 * <pre>
 * CASES#&lt;site&gt;   CASE#&lt;ticket id&gt;                  the case (summary, tags, type, time, vector, model)
 * CASES#&lt;site&gt;   CHANGE#&lt;epoch ms&gt;#&lt;ticket id&gt;     a change journal entry, TTL'd after {@link #JOURNAL_TTL}
 * </pre>
 * A case and its journal entry are written in one transaction, so an index that read the journal
 * since its last refresh has seen every change; an index older than the journal reloads whole.
 * The vector is stored as little-endian float32 bytes (1.5 KB for 384 dimensions).
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
@Requires(property = "threadline.cases.enabled", notEquals = "off")
public class DynamoDbCaseStore implements CaseStore {

    /** How long change entries are kept: an index not refreshed for this long loads everything again. */
    public static final Duration JOURNAL_TTL = Duration.ofDays(2);
    static final String CASE_PREFIX = "CASE#";
    static final String CHANGE_PREFIX = "CHANGE#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbCaseStore(DynamoDbClient dynamo, DynamoDbConfig config, Clock clock) {
        this.dynamo = dynamo;
        this.table = config.tableName();
        this.clock = clock;
    }

    @Override
    public Optional<CaseRecord> find(String site, String ticketId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(site, CASE_PREFIX + ticketId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(site, item));
    }

    @Override
    public void put(CaseRecord r) {
        Map<String, AttributeValue> item = item(r);
        write(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build(), r.site(), r.ticketId(), false);
    }

    /**
     * Stores many cases without journal entries, 25 to a request: for a bulk import (a restored backup, the
     * benchmarks) into a site no running index has loaded yet. Unprocessed items are retried.
     */
    public void importAll(List<CaseRecord> records) {
        for (int from = 0; from < records.size(); from += 25) {
            List<WriteRequest> batch = records.subList(from, Math.min(records.size(), from + 25)).stream()
                    .map(r -> WriteRequest.builder().putRequest(p -> p.item(item(r))).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                Map<String, List<WriteRequest>> left = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
                pending = left == null ? Map.of() : left;
            }
        }
    }

    private Map<String, AttributeValue> item(CaseRecord r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.site(), CASE_PREFIX + r.ticketId()));
        item.put("summary", s(r.summary()));
        item.put("tags", AttributeValue.fromL(r.tags().stream().map(DynamoDbCaseStore::s).toList()));
        if (r.issueType() != null) {
            item.put("issue_type", s(r.issueType()));
        }
        item.put("resolved_at", s(r.resolvedAt().toString()));
        item.put("embedding", AttributeValue.fromB(SdkBytes.fromByteArray(bytes(r.embedding()))));
        item.put("model", s(r.model()));
        item.put("updated_at", s(clock.instant().toString()));
        return item;
    }

    @Override
    public void remove(String site, String ticketId) {
        write(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(site, CASE_PREFIX + ticketId))).build(),
                site, ticketId, true);
    }

    private void write(TransactWriteItem change, String site, String ticketId, boolean removed) {
        Instant now = clock.instant();
        Map<String, AttributeValue> entry = new HashMap<>(key(site, CHANGE_PREFIX + millis(now) + "#" + ticketId));
        entry.put("ticket_id", s(ticketId));
        entry.put("removed", AttributeValue.fromBool(removed));
        entry.put(ThreadlineTable.EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(JOURNAL_TTL).getEpochSecond())));
        dynamo.transactWriteItems(t -> t.transactItems(change,
                TransactWriteItem.builder().put(p -> p.tableName(table).item(entry)).build()));
    }

    @Override
    public List<CaseRecord> all(String site) {
        List<CaseRecord> out = new ArrayList<>();
        query(site, "begins_with(#sk, :from)", Map.of(":from", s(CASE_PREFIX)), item -> out.add(fromItem(site, item)));
        return out;
    }

    @Override
    public List<Change> changedSince(String site, Instant since) {
        List<Change> out = new ArrayList<>();
        query(site, "#sk BETWEEN :from AND :to", Map.of(":from", s(CHANGE_PREFIX + millis(since)), ":to", s(CHANGE_PREFIX + "~")),
                item -> {
                    String ticket = item.get("ticket_id").s();
                    out.add(new Change(ticket, item.get("removed").bool() ? null : find(site, ticket).orElse(null)));
                });
        return out;
    }

    private void query(String site, String condition, Map<String, AttributeValue> values,
                       java.util.function.Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":pk", s(pk(site)));
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).keyConditionExpression("#pk = :pk AND " + condition)
                    .expressionAttributeNames(Map.of("#pk", ThreadlineTable.PK, "#sk", ThreadlineTable.SK))
                    .expressionAttributeValues(all);
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(q.build());
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    private static CaseRecord fromItem(String site, Map<String, AttributeValue> item) {
        String sk = item.get(ThreadlineTable.SK).s();
        AttributeValue type = item.get("issue_type");
        return new CaseRecord(sk.substring(CASE_PREFIX.length()), site, item.get("summary").s(),
                item.get("tags").l().stream().map(AttributeValue::s).toList(), type == null ? null : type.s(),
                Instant.parse(item.get("resolved_at").s()), floats(item.get("embedding").b().asByteArray()), item.get("model").s());
    }

    static byte[] bytes(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            buffer.putFloat(x);
        }
        return buffer.array();
    }

    static float[] floats(byte[] b) {
        ByteBuffer buffer = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffer.getFloat();
        }
        return v;
    }

    private static String pk(String site) {
        return "CASES#" + site;
    }

    private static Map<String, AttributeValue> key(String site, String sk) {
        return Map.of(ThreadlineTable.PK, s(pk(site)), ThreadlineTable.SK, s(sk));
    }

    private static String millis(Instant at) {
        return String.format("%013d", at.toEpochMilli());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
