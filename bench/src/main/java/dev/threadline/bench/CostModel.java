package dev.threadline.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dollars per million WhatsApp messages at AWS list prices, built from the measured figures (calls
 * per message, log bytes, function CPU time) plus the few latencies that only AWS and the real
 * ERPNext/LLM can give, which are stated as assumptions and can be changed on the command line.
 * The LLM's own price is excluded. Prints Markdown and writes {@code cost-model.md} beside the inputs.
 */
public final class CostModel {

    // List prices, us-east-1 (N. Virginia), on-demand, no free tier, no volume tiers.
    static final double LAMBDA_GB_S_ARM = 0.0000133334;
    static final double LAMBDA_GB_S_X86 = 0.0000166667;
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double DYNAMO_WRU = 0.625 / 1e6;
    static final double DYNAMO_RRU = 0.125 / 1e6;
    static final double SQS_FIFO_REQUEST = 0.50 / 1e6;
    static final double HTTP_API_REQUEST = 1.00 / 1e6;
    static final double LOGS_PER_GB = 0.50;

    /** Lambda gives a full vCPU at 1769 MB and CPU in proportion below that. */
    static final double FULL_VCPU_MB = 1769;
    /** START, END and REPORT lines Lambda writes per invocation (text format), and one HTTP API access-log line. */
    static final double PLATFORM_LOG_BYTES = 330;
    static final double ACCESS_LOG_BYTES = 300;

    private CostModel() {}

    public static void main(String[] argv) {
        Args args = new Args(argv);
        Path in = Path.of(args.text("in", "bench/target/results"));
        int intakeMb = args.integer("intake-mb", 1024);
        int ticketMb = args.integer("ticket-mb", 1024);
        int awsIntakeMs = args.integer("aws-intake-ms", 15);
        int awsDynamoMs = args.integer("aws-dynamo-ms", 6);
        int erpnextMs = args.integer("erpnext-ms", 150);
        int llmMs = args.integer("llm-ms", 800);
        args.requireAllUsed();

        Map<String, String> intake = Results.read(in.resolve("intake-latency.properties"));
        Map<String, String> calls = Results.read(in.resolve("calls-per-message.properties"));
        Map<String, String> e2e = Results.read(in.resolve("end-to-end.properties"));
        double intakeCpuMs = num(intake, "intake.cpu.ms.per.request");
        double ticketCpuMs = num(e2e, "ticket.cpu.ms.per.turn.latency0.customers500");

        StringBuilder md = new StringBuilder();
        md.append(Stats.f("Assumptions: us-east-1 list prices; intake-fn and ticket-fn at %d/%d MB (the template's), so %.2f/%.2f"
                        + " vCPU; measured function CPU scaled by 1/vCPU: intake %.2f ms per request, ticket-fn %.2f ms per turn"
                        + " (this machine's thread CPU time); AWS I/O waits: intake's PutItem + SendMessageBatch %d ms, each"
                        + " ticket-fn DynamoDB call %d ms; ERPNext %d ms per call; LLM %d ms per call; one ticket-fn invocation per"
                        + " turn (low traffic: no batching); Lambda platform log lines %.0f bytes per invocation, an access-log line"
                        + " %.0f bytes per webhook. LLM tokens excluded.%n%n",
                intakeMb, ticketMb, intakeMb / FULL_VCPU_MB, ticketMb / FULL_VCPU_MB, intakeCpuMs, ticketCpuMs, awsIntakeMs,
                awsDynamoMs, erpnextMs, llmMs, PLATFORM_LOG_BYTES, ACCESS_LOG_BYTES));
        for (String trace : List.of("realistic", "bursty")) {
            String p = trace + ".";
            double turnsPerMessage = num(calls, p + "turns") / num(calls, p + "messages");
            double intakeMs = Math.ceil(intakeCpuMs * FULL_VCPU_MB / intakeMb + awsIntakeMs);
            double dynamoTicketCalls = num(calls, p + "dynamo.ticket.ops.per.message") / turnsPerMessage;
            double ticketMsPerTurn = Math.ceil(ticketCpuMs * FULL_VCPU_MB / ticketMb + dynamoTicketCalls * awsDynamoMs
                    + num(calls, p + "erpnext.per.turn") * erpnextMs
                    + num(calls, p + "llm.per.message") / turnsPerMessage * llmMs);
            double intakeGbS = intakeMb / 1024.0 * intakeMs / 1000;
            double ticketGbS = ticketMb / 1024.0 * ticketMsPerTurn / 1000 * turnsPerMessage;
            double wru = num(calls, p + "wru.intake.per.message") + num(calls, p + "wru.ticket.per.message")
                    + num(calls, p + "wru.index.per.message");
            double rru = num(calls, p + "rru.per.message");
            double sqs = num(calls, p + "sqs.intake.per.message") + 2 * turnsPerMessage;
            double logBytes = num(calls, p + "log.bytes.intake.per.message") + num(calls, p + "log.bytes.ticket.per.message")
                    + PLATFORM_LOG_BYTES * (1 + turnsPerMessage) + ACCESS_LOG_BYTES;

            List<String[]> rows = new ArrayList<>();
            rows.add(row("API Gateway HTTP API", "1 request", HTTP_API_REQUEST, HTTP_API_REQUEST));
            rows.add(row("Lambda intake-fn requests", "1", LAMBDA_REQUEST, LAMBDA_REQUEST));
            rows.add(row("Lambda intake-fn duration", Stats.f("%.0f ms x %d MB = %.4f GB-s", intakeMs, intakeMb, intakeGbS),
                    intakeGbS * LAMBDA_GB_S_ARM, intakeGbS * LAMBDA_GB_S_X86));
            rows.add(row("Lambda ticket-fn requests", Stats.f("%.2f (one per turn)", turnsPerMessage),
                    turnsPerMessage * LAMBDA_REQUEST, turnsPerMessage * LAMBDA_REQUEST));
            rows.add(row("Lambda ticket-fn duration", Stats.f("%.0f ms per turn x %.2f turns = %.3f GB-s", ticketMsPerTurn,
                    turnsPerMessage, ticketGbS), ticketGbS * LAMBDA_GB_S_ARM, ticketGbS * LAMBDA_GB_S_X86));
            rows.add(row("DynamoDB writes", Stats.f("%.2f WRU (incl. %.2f sweep-index)", wru, num(calls, p + "wru.index.per.message")),
                    wru * DYNAMO_WRU, wru * DYNAMO_WRU));
            rows.add(row("DynamoDB reads", Stats.f("%.2f RRU", rru), rru * DYNAMO_RRU, rru * DYNAMO_RRU));
            rows.add(row("SQS FIFO", Stats.f("%.2f requests (send + receive + delete batch)", sqs), sqs * SQS_FIFO_REQUEST,
                    sqs * SQS_FIFO_REQUEST));
            rows.add(row("CloudWatch Logs ingestion", Stats.f("%.0f bytes", logBytes), logBytes / 1e9 * LOGS_PER_GB,
                    logBytes / 1e9 * LOGS_PER_GB));
            double arm = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).sum();
            double x86 = rows.stream().mapToDouble(r -> Double.parseDouble(r[3])).sum();
            md.append(Stats.f("**%s trace** (%.2f turns per message)%n%n", trace, turnsPerMessage));
            md.append("| component | per message | $/M msgs arm64 | $/M msgs x86 |\n|---|---|---:|---:|\n");
            rows.forEach(r -> md.append(Stats.f("| %s | %s | %.2f | %.2f |%n", r[0], r[1], Double.parseDouble(r[2]) * 1e6,
                    Double.parseDouble(r[3]) * 1e6)));
            md.append(Stats.f("| **total** | | **%.2f** | **%.2f** |%n%n", arm * 1e6, x86 * 1e6));
            double llmShare = num(calls, p + "llm.per.message") * llmMs / 1000 * ticketMb / 1024.0 * LAMBDA_GB_S_ARM * 1e6;
            md.append(Stats.f("Of ticket-fn's duration, waiting for the LLM is $%.2f per million messages (arm64) at %d ms per"
                    + " call: each 100 ms of LLM latency adds $%.2f.%n%n", llmShare, llmMs, llmShare / llmMs * 100));
        }
        System.out.print(md);
        Results.csv(in, "cost-model.md", "<!-- generated by dev.threadline.bench.CostModel -->", List.of(md.toString()));
    }

    private static String[] row(String component, String quantity, double arm, double x86) {
        return new String[] {component, quantity, Double.toString(arm), Double.toString(x86)};
    }

    private static double num(Map<String, String> figures, String key) {
        String value = figures.get(key);
        if (value == null) {
            throw new IllegalStateException("missing figure " + key + ": run the benchmark that writes it");
        }
        return Double.parseDouble(value);
    }
}
