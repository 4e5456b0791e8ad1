package dev.threadline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.embedded.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the exchanges of the {@link FaultProxy} in front of DynamoDB Local and reads what that
 * proxy only counts: the items inside each {@code TransactWriteItems}, and the capacity units each
 * call would consume on AWS on-demand, computed from the wire with DynamoDB's documented item-size
 * rules (attribute names plus values; numbers about one byte per two digits).
 *
 * <ul>
 *   <li>{@code PutItem}: ceil(size / 1 KB) WRU; {@code TransactWriteItems}: twice that per {@code Put},
 *       and 2 WRU per {@code Update} (Threadline's updates touch ledger and ticket records, well under
 *       1 KB; the after-image is not on the wire, so this is the one assumption).</li>
 *   <li>{@code GetItem} (strongly consistent): ceil(size / 4 KB) RRU of the returned item, at least 1.</li>
 *   <li>Sparse index writes: a session {@code Put} that adds, moves or drops the item in
 *       {@code sweep-index} (its keys are {@code sweep_shard} and {@code last_activity_timestamp}) costs
 *       1 WRU for an add or a drop and 2 for a move (delete plus put), as AWS bills GSI maintenance.
 *       The previous keys are remembered from earlier puts seen here.</li>
 * </ul>
 * DynamoDB Local reports its own ConsumedCapacity, but not AWS's transaction figures, so it is not used.
 */
final class CapacityTap implements FaultProxy.Observer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong transactItems = new AtomicLong();
    private final AtomicLong wru = new AtomicLong();
    private final AtomicLong rru = new AtomicLong();
    private final AtomicLong indexWru = new AtomicLong();
    private final AtomicLong maxItemBytes = new AtomicLong();
    private final Map<String, String> indexKeys = new ConcurrentHashMap<>();

    /** Items written inside TransactWriteItems calls so far. */
    long transactItems() {
        return transactItems.get();
    }

    long writeUnits() {
        return wru.get();
    }

    long readUnits() {
        return rru.get();
    }

    long indexWriteUnits() {
        return indexWru.get();
    }

    /** The largest item written so far, in DynamoDB's size accounting. */
    long maxItemBytes() {
        return maxItemBytes.get();
    }

    @Override
    public void exchanged(String operation, byte[] request, int status, byte[] response) {
        if (operation == null || status != 200) {
            return;
        }
        try {
            account(operation, request, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void account(String op, byte[] request, byte[] response) throws IOException {
        JsonNode in = JSON.readTree(request);
        switch (op) {
            case "PutItem" -> wru.addAndGet(put(in.path("Item"), 1));
            case "TransactWriteItems" -> {
                for (JsonNode item : in.path("TransactItems")) {
                    transactItems.incrementAndGet();
                    if (item.has("Put")) {
                        wru.addAndGet(put(item.path("Put").path("Item"), 2));
                    } else {
                        wru.addAndGet(2); // Update, Delete or ConditionCheck of a small item
                    }
                }
            }
            case "GetItem" -> rru.addAndGet(Math.max(1, ceil(size(JSON.readTree(response).path("Item")), 4096)));
            default -> { }
        }
    }

    /** Write units of one put, with {@code factor} 2 inside a transaction; tracks the sparse index. */
    private long put(JsonNode item, int factor) {
        long bytes = size(item);
        maxItemBytes.accumulateAndGet(bytes, Math::max);
        String key = item.path("pk").path("S").asText() + "|" + item.path("sk").path("S").asText();
        String indexKey = item.has("sweep_shard")
                ? item.path("sweep_shard").path("S").asText() + "|" + item.path("last_activity_timestamp").path("N").asText()
                : null;
        String before = indexKey == null ? indexKeys.remove(key) : indexKeys.put(key, indexKey);
        if (indexKey != null && before == null || indexKey == null && before != null) {
            indexWru.incrementAndGet();
        } else if (indexKey != null && !indexKey.equals(before)) {
            indexWru.addAndGet(2);
        }
        return factor * Math.max(1, ceil(bytes, 1024));
    }

    /** DynamoDB's item size: names plus values, in bytes. */
    static long size(JsonNode item) {
        long bytes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            bytes += field.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(field.getValue());
        }
        return bytes;
    }

    private static long valueSize(JsonNode value) {
        if (value.has("S")) {
            return value.get("S").asText().getBytes(StandardCharsets.UTF_8).length;
        }
        if (value.has("N")) {
            return (value.get("N").asText().replaceAll("[^0-9]", "").length() + 1) / 2 + 1;
        }
        if (value.has("B")) {
            return Base64.getDecoder().decode(value.get("B").asText()).length;
        }
        if (value.has("L")) {
            long bytes = 3;
            for (JsonNode element : value.get("L")) {
                bytes += 1 + valueSize(element);
            }
            return bytes;
        }
        if (value.has("M")) {
            return 3 + size(value.get("M")) + value.get("M").size();
        }
        return 1; // BOOL, NULL; sets are not used by Threadline
    }

    private static long ceil(long bytes, int unit) {
        return (bytes + unit - 1) / unit;
    }
}
