package dev.threadline.bench;

import dev.threadline.embedded.FaultProxy;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.emulators.llm.RuleBasedResponder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every call counter the calls-per-message benchmark reads, at one moment; differences of two
 * snapshots attribute calls to a phase (intake, or ticket-fn draining the queue).
 */
record Counters(Map<String, Long> dynamo, Map<String, Long> sqs, Map<String, Long> erpnext, long llmJudge,
                long llmClassify, long transactItems, long wru, long rru, long indexWru, long logLines, long logBytes,
                long invocations) {

    static final String[] DYNAMO_OPS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems", "PutItem",
            "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"};
    static final String[] DYNAMO_READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"};
    static final String[] SQS_OPS = {"SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
            "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch"};

    static Counters take(FaultProxy dynamoProxy, CapacityTap tap, FaultProxy sqsProxy, ErpNextFake erpnext, OpenAiFake llm,
                         CountingOut logs, Pipeline pipeline) {
        Map<String, Long> dynamo = new LinkedHashMap<>();
        for (String op : DYNAMO_OPS) {
            dynamo.put(op, (long) dynamoProxy.calls(op));
        }
        Map<String, Long> sqs = new LinkedHashMap<>();
        for (String op : SQS_OPS) {
            sqs.put(op, (long) sqsProxy.calls(op));
        }
        Map<String, Long> routes = new TreeMap<>();
        erpnext.routeCounts().forEach((route, n) -> routes.put(route, (long) n));
        long judge = llm.requests().stream().filter(RuleBasedResponder::isJudgement).count();
        return new Counters(dynamo, sqs, routes, judge, llm.requests().size() - judge, tap.transactItems(), tap.writeUnits(),
                tap.readUnits(), tap.indexWriteUnits(), logs.lines(), logs.bytes(), pipeline.invocations.get());
    }

    Counters minus(Counters o) {
        return new Counters(diff(dynamo, o.dynamo), diff(sqs, o.sqs), diff(erpnext, o.erpnext), llmJudge - o.llmJudge,
                llmClassify - o.llmClassify, transactItems - o.transactItems, wru - o.wru, rru - o.rru,
                indexWru - o.indexWru, logLines - o.logLines, logBytes - o.logBytes, invocations - o.invocations);
    }

    Counters plus(Counters o) {
        return new Counters(sum(dynamo, o.dynamo), sum(sqs, o.sqs), sum(erpnext, o.erpnext), llmJudge + o.llmJudge,
                llmClassify + o.llmClassify, transactItems + o.transactItems, wru + o.wru, rru + o.rru,
                indexWru + o.indexWru, logLines + o.logLines, logBytes + o.logBytes, invocations + o.invocations);
    }

    static Counters zero() {
        return new Counters(Map.of(), Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    long dynamoReads() {
        long n = 0;
        for (String op : DYNAMO_READS) {
            n += dynamo.getOrDefault(op, 0L);
        }
        return n;
    }

    long dynamoOps() {
        return dynamo.values().stream().mapToLong(Long::longValue).sum();
    }

    long dynamoWrites() {
        return dynamoOps() - dynamoReads();
    }

    long sqsRequests() {
        return sqs.values().stream().mapToLong(Long::longValue).sum();
    }

    long erpnextCalls() {
        return erpnext.values().stream().mapToLong(Long::longValue).sum();
    }

    long llmCalls() {
        return llmJudge + llmClassify;
    }

    private static Map<String, Long> diff(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new TreeMap<>();
        a.forEach((k, v) -> {
            long d = v - b.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }
}
