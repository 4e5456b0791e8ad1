package dev.threadline.bench;

import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.Decision;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.FaultProxy;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls per message through the whole pipeline, on a realistic and on a bursty trace ({@link Traces}).
 *
 * <p>Method: the functions' SDK clients go through a {@link FaultProxy} in front of DynamoDB Local
 * (which counts calls per {@code X-Amz-Target} operation) with a {@link CapacityTap} watching its
 * exchanges (items per transaction, capacity units); SQS calls, both the functions' and the simulated event source's,
 * through a FaultProxy in front of ElasticMQ. ERPNext calls are the ERPNext fake's route counts, LLM
 * calls the OpenAI fake's recorded requests. Each wave of the trace is sent through intake's handler,
 * then the queue is drained by one simulated Lambda instance, so that counters are attributed to
 * intake or to ticket-fn by snapshots between the two phases. Call counts are deterministic (fixed
 * seed); they do not depend on the machine's speed.
 */
public final class CallsPerMessage {

    private CallsPerMessage() {}

    public static void main(String[] argv) {
        Args args = new Args(argv);
        int customers = args.integer("customers", 100);
        long seed = args.integer("seed", 42);
        args.requireAllUsed();

        CountingOut logs = CountingOut.install();
        PrintStream out = logs.real;
        out.println("calls per message: " + Machine.describe());
        Results results = new Results("calls-per-message").note(Stats.f("customers=%d seed=%d", customers, seed));
        CapacityTap tap = new CapacityTap();
        try (EmbeddedAws aws = EmbeddedAws.start();
             FaultProxy dynamo = FaultProxy.inFrontOf(aws.endpoints().dynamoDb(), tap);
             FaultProxy sqs = FaultProxy.inFrontOf(aws.endpoints().sqs())) {
            AwsEndpoints counted = new AwsEndpoints(dynamo.endpoint(), sqs.endpoint(), aws.endpoints().region());
            Meters meters = new Meters(dynamo, tap, sqs, logs);
            run("realistic", Traces.realistic(customers, seed), aws.endpoints(), counted, meters, results, out);
            run("bursty", Traces.bursty(customers, seed), aws.endpoints(), counted, meters, results, out);
        }
        results.write(args.out());
        out.println("results in " + args.out().toAbsolutePath());
        System.exit(0);
    }

    /** The counting proxies and the log counter, shared by both traces. */
    private record Meters(FaultProxy dynamo, CapacityTap tap, FaultProxy sqs, CountingOut logs) {
        Counters take(ErpNextFake erpnext, OpenAiFake llm, Pipeline pipeline) {
            return Counters.take(dynamo, tap, sqs, erpnext, llm, logs, pipeline);
        }
    }

    private static void run(String name, List<List<Traces.Msg>> waves, AwsEndpoints direct, AwsEndpoints counted, Meters meters,
                            Results results, PrintStream out) {
        try (ErpNextFake erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
             OpenAiFake llm = OpenAiFake.start();
             Pipeline pipeline = new Pipeline(direct, counted, counted, erpnext, llm, 1, "calls-" + name)) {
            Counters intake = Counters.zero();
            Counters ticket = Counters.zero();
            for (List<Traces.Msg> wave : waves) {
                Counters before = meters.take(erpnext, llm, pipeline);
                wave.forEach(pipeline::send);
                Counters queued = meters.take(erpnext, llm, pipeline);
                pipeline.drain();
                Counters drained = meters.take(erpnext, llm, pipeline);
                intake = intake.plus(queued.minus(before));
                ticket = ticket.plus(drained.minus(queued));
            }
            int messages = Traces.count(waves);
            if (pipeline.processed() != messages) {
                throw new IllegalStateException(name + ": " + messages + " messages sent but " + pipeline.processed() + " processed");
            }
            Map<String, Integer> decisions = decisions(pipeline, waves);
            int turns = decisions.values().stream().mapToInt(Integer::intValue).sum();
            report(name, messages, turns, decisions, intake, ticket, pipeline, meters.tap().maxItemBytes(), results, out);
        }
    }

    /** Turns by decision, from the audit log ticket-fn writes (one record per turn). */
    private static Map<String, Integer> decisions(Pipeline pipeline, List<List<Traces.Msg>> waves) {
        SessionStore sessions = pipeline.tickets.get(0).context().getBean(SessionStore.class);
        Map<String, Integer> tally = new TreeMap<>();
        waves.stream().flatMap(List::stream).mapToInt(Traces.Msg::customer).distinct().forEach(c -> {
            for (DecisionRecord record : sessions.decisions(Traffic.customer(c))) {
                Decision d = record.decision();
                String key = d.kind() + "/" + d.stage() + (d.kind() == Decision.Kind.FIRST
                        ? (d.reason().startsWith("idle") ? " (idle)" : d.reason().startsWith("ticket") ? " (closed)" : " (new)")
                        : "");
                tally.merge(key, 1, Integer::sum);
            }
        });
        return tally;
    }

    private static void report(String name, int messages, int turns, Map<String, Integer> decisions, Counters intake,
                               Counters ticket, Pipeline pipeline, long maxItemBytes, Results results, PrintStream out) {
        Counters all = intake.plus(ticket);
        double m = messages;
        long batches = ticket.invocations();
        out.println();
        out.println(Stats.f("== %s trace: %d messages, %d turns (%.2f messages per turn), %d batches of ticket-fn", name,
                messages, turns, m / turns, batches));
        out.println("   decisions: " + decisions);
        out.println(Stats.f("   DynamoDB ops/message      %.2f  (intake %.2f, ticket-fn %.2f)   target <= 4", all.dynamoOps() / m,
                intake.dynamoOps() / m, ticket.dynamoOps() / m));
        out.println(Stats.f("     reads %.2f  writes %.2f   by operation: intake %s, ticket-fn %s", all.dynamoReads() / m,
                all.dynamoWrites() / m, nonZero(intake.dynamo()), nonZero(ticket.dynamo())));
        out.println(Stats.f("     TransactWriteItems: %.2f items per call, %.2f items per message; largest item %d bytes",
                (double) all.transactItems() / Math.max(1, all.dynamo().getOrDefault("TransactWriteItems", 0L)),
                all.transactItems() / m, maxItemBytes));
        out.println(Stats.f("     capacity per message: %.2f WRU table (intake %.2f) + %.2f WRU sweep-index, %.2f RRU",
                all.wru() / m, intake.wru() / m, all.indexWru() / m, all.rru() / m));
        out.println(Stats.f("   SQS requests/message      intake %.2f %s; event source %.2f %s (Lambda's own: %.2f receives"
                        + " + %.2f DeleteMessageBatch)", intake.sqsRequests() / m, nonZero(intake.sqs()),
                ticket.sqsRequests() / m, nonZero(ticket.sqs()), batches / m, batches / m));
        out.println(Stats.f("   ERPNext calls/turn        %.2f  (%d calls) %s   target <= 2", all.erpnextCalls() / (double) turns,
                all.erpnextCalls(), all.erpnext()));
        out.println(Stats.f("   LLM calls/message         %.2f  (judge %d, classify %d; %.2f per turn)   target <= %s",
                all.llmCalls() / m, all.llmJudge(), all.llmClassify(), all.llmCalls() / (double) turns,
                name.equals("bursty") ? "0.6" : "1"));
        out.println(Stats.f("   log lines/message         intake %.2f (%.0f bytes), ticket-fn %.2f (%.0f bytes)",
                intake.logLines() / m, intake.logBytes() / m, ticket.logLines() / m, ticket.logBytes() / m));
        out.println(Stats.f("   job body: mean %.0f bytes, max %d bytes", pipeline.bodyBytes.get() / (double) pipeline.records.get(),
                pipeline.maxBodyBytes.get()));

        results.put(name + ".messages", m).put(name + ".turns", turns).put(name + ".batches", batches)
                .put(name + ".decisions", decisions.toString().replace(' ', '_'))
                .put(name + ".dynamo.ops.per.message", all.dynamoOps() / m)
                .put(name + ".dynamo.intake.ops.per.message", intake.dynamoOps() / m)
                .put(name + ".dynamo.ticket.ops.per.message", ticket.dynamoOps() / m)
                .put(name + ".dynamo.reads.per.message", all.dynamoReads() / m)
                .put(name + ".dynamo.writes.per.message", all.dynamoWrites() / m)
                .put(name + ".transact.items.per.message", all.transactItems() / m)
                .put(name + ".wru.intake.per.message", intake.wru() / m)
                .put(name + ".wru.ticket.per.message", ticket.wru() / m)
                .put(name + ".wru.index.per.message", all.indexWru() / m)
                .put(name + ".rru.per.message", all.rru() / m)
                .put(name + ".sqs.intake.per.message", intake.sqsRequests() / m)
                .put(name + ".sqs.eventsource.measured.per.message", ticket.sqsRequests() / m)
                .put(name + ".batches.per.message", batches / m)
                .put(name + ".erpnext.per.turn", all.erpnextCalls() / (double) turns)
                .put(name + ".erpnext.per.message", all.erpnextCalls() / m)
                .put(name + ".llm.per.message", all.llmCalls() / m)
                .put(name + ".llm.judge", all.llmJudge()).put(name + ".llm.classify", all.llmClassify())
                .put(name + ".log.lines.intake.per.message", intake.logLines() / m)
                .put(name + ".log.bytes.intake.per.message", intake.logBytes() / m)
                .put(name + ".log.lines.ticket.per.message", ticket.logLines() / m)
                .put(name + ".log.bytes.ticket.per.message", ticket.logBytes() / m)
                .put(name + ".job.bytes.mean", pipeline.bodyBytes.get() / (double) pipeline.records.get());
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
