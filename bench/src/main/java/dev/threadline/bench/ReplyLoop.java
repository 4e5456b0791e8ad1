package dev.threadline.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The conversation loop's numbers, on the local stack as {@code ./threadline run} runs it ({@link LoopStack}):
 * <ol>
 *   <li>ERPNext calls per customer turn with {@code HELPDESK_EVENTS=none} (ticket-fn reads the Issue's
 *       status before each SAME) and {@code webhooks} (the status comes from ERPNext's events): the same
 *       script ({@link CustomerTurns}) on two fresh stacks in one run, per route, from the ERPNext
 *       emulator's request log;</li>
 *   <li>calls per agent reply inside the window ({@link AgentReplies}): ERPNext routes, Graph API sends,
 *       the functions' DynamoDB and SQS calls, Frappe's and Meta's webhook deliveries; and per internal note;</li>
 *   <li>the time from the agent's save (the emulator's Comment insert) to the WhatsApp emulator accepting
 *       the send, one reply at a time on an otherwise idle stack, after {@code --warmup} unrecorded replies.</li>
 * </ol>
 * Options: {@code --customers 20 --replies 200 --warmup 20 --notes 20 --out DIR}. Call counts do not
 * depend on the machine; the times do (everything shares this machine's cores).
 */
public final class ReplyLoop {

    private ReplyLoop() {}

    public static void main(String[] argv) {
        Args args = new Args(argv);
        int customers = args.integer("customers", 20);
        int replies = args.integer("replies", 200);
        int warmup = args.integer("warmup", 20);
        int notes = args.integer("notes", 20);
        args.requireAllUsed();

        CountingOut logs = CountingOut.install();
        PrintStream out = logs.real;
        out.println("reply loop: " + Machine.describe());
        Results results = new Results("reply-loop").note(Stats.f("customers=%d replies=%d warmup=%d notes=%d", customers,
                replies, warmup, notes));
        List<CustomerTurns.Turn> before;
        try (LoopStack loop = new LoopStack("none")) {
            before = CustomerTurns.run(loop, customers);
        }
        List<AgentReplies.Reply> measured;
        Tally noteCalls;
        try (LoopStack loop = new LoopStack("webhooks")) {
            List<CustomerTurns.Turn> after = CustomerTurns.run(loop, customers);
            turns(before, after, results, out);
            AgentReplies.replies(loop, customers, warmup, 0);
            measured = AgentReplies.replies(loop, customers, replies, warmup);
            noteCalls = AgentReplies.notes(loop, customers, notes);
        }
        perReply(measured, noteCalls, notes, results, out);
        latency(measured, results, out);
        results.write(args.out());
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            rows.add(Stats.f("%d,%.3f,%.3f", i + 1, measured.get(i).saveToSendNanos() / 1e6, measured.get(i).saveNanos() / 1e6));
        }
        Results.csv(args.out(), "reply-loop-latency.csv", "reply,save_to_send_ms,save_ms", rows);
        out.println("results in " + args.out().toAbsolutePath());
        System.exit(0);
    }

    private static void turns(List<CustomerTurns.Turn> none, List<CustomerTurns.Turn> events, Results results, PrintStream out) {
        Map<String, List<CustomerTurns.Turn>> a = CustomerTurns.byKind(none);
        Map<String, List<CustomerTurns.Turn>> b = CustomerTurns.byKind(events);
        List<String> kindsA = none.stream().map(CustomerTurns.Turn::kind).toList();
        List<String> kindsB = events.stream().map(CustomerTurns.Turn::kind).toList();
        out.println();
        out.println(Stats.f("== 1. ERPNext calls per customer turn: HELPDESK_EVENTS=none vs webhooks, %d turns each", none.size()));
        out.println("   decisions: " + counts(kindsA) + (kindsA.equals(kindsB) ? " in both runs, turn for turn"
                : "; with webhooks " + counts(kindsB) + " (DIFFERENT: compare per kind only)"));
        out.println(Stats.f("   %-60s %8s %8s", "per turn", "none", "webhooks"));
        for (Map.Entry<String, List<CustomerTurns.Turn>> kind : a.entrySet()) {
            Tally ta = CustomerTurns.sum(kind.getValue());
            Tally tb = CustomerTurns.sum(b.getOrDefault(kind.getKey(), List.of()));
            double na = kind.getValue().size();
            double nb = Math.max(1, b.getOrDefault(kind.getKey(), List.of()).size());
            TreeSet<String> routes = new TreeSet<>(ta.calls().keySet());
            routes.addAll(tb.calls().keySet());
            out.println(Stats.f("   %s turns (%d):", kind.getKey(), kind.getValue().size()));
            for (String route : routes) {
                out.println(Stats.f("     %-58s %8.2f %8.2f", route, ta.get(route) / na, tb.get(route) / nb));
            }
            double ea = ta.sum("ERPNext ") / na;
            double eb = tb.sum("ERPNext ") / nb;
            out.println(Stats.f("     %-58s %8.2f %8.2f   ratio %.2f", "all ERPNext calls", ea, eb, eb / ea));
            out.println(Stats.f("     %-58s %8.2f %8.2f", "all DynamoDB calls (intake + ticket-fn)", ta.sum("DynamoDb:") / na,
                    tb.sum("DynamoDb:") / nb));
            String k = kind.getKey().toLowerCase(java.util.Locale.ROOT);
            results.put("turn." + k + ".count", String.valueOf(kind.getValue().size()));
            results.put("turn." + k + ".erpnext.none", ea).put("turn." + k + ".erpnext.webhooks", eb)
                    .put("turn." + k + ".erpnext.ratio", eb / ea);
            for (String route : routes) {
                String r = route.replace(' ', '_');
                results.put("turn." + k + ".none." + r, ta.get(route) / na).put("turn." + k + ".webhooks." + r, tb.get(route) / nb);
            }
        }
    }

    private static void perReply(List<AgentReplies.Reply> replies, Tally notes, int noteCount, Results results, PrintStream out) {
        Tally all = replies.stream().map(AgentReplies.Reply::calls).reduce(Tally.zero(), Tally::plus);
        double n = replies.size();
        out.println();
        out.println(Stats.f("== 2. Calls per agent reply inside the window (%d replies; until the ticket notes it read) "
                + "and per internal note (%d notes)", replies.size(), noteCount));
        out.println(Stats.f("   %-60s %8s %8s", "", "reply", "note"));
        TreeSet<String> keys = new TreeSet<>(all.calls().keySet());
        keys.addAll(notes.calls().keySet());
        for (String key : keys) {
            out.println(Stats.f("   %-60s %8.2f %8.2f", key, all.get(key) / n, notes.get(key) / (double) noteCount));
            results.put("reply." + key.replace(' ', '_'), all.get(key) / n);
            results.put("note." + key.replace(' ', '_'), notes.get(key) / (double) noteCount);
        }
        out.println(Stats.f("   %-60s %8.2f %8.2f", "all ERPNext calls", all.sum("ERPNext ") / n, notes.sum("ERPNext ") / (double) noteCount));
        out.println(Stats.f("   %-60s %8.2f %8.2f", "all DynamoDB calls", all.sum("DynamoDb:") / n, notes.sum("DynamoDb:") / (double) noteCount));
    }

    private static void latency(List<AgentReplies.Reply> replies, Results results, PrintStream out) {
        long[] nanos = replies.stream().mapToLong(AgentReplies.Reply::saveToSendNanos).toArray();
        long[] save = replies.stream().mapToLong(AgentReplies.Reply::saveNanos).toArray();
        out.println();
        out.println(Stats.f("== 3. ERPNext save to WhatsApp send, %d replies one at a time: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms, mean %.1f ms (the save itself: p50 %.2f ms)", nanos.length, Stats.percentileMs(nanos, 50),
                Stats.percentileMs(nanos, 95), Stats.percentileMs(nanos, 99), Stats.percentileMs(nanos, 100),
                Stats.meanMs(nanos), Stats.percentileMs(save, 50)));
        results.put("e2e.replies", String.valueOf(nanos.length)).put("e2e.p50_ms", Stats.percentileMs(nanos, 50))
                .put("e2e.p95_ms", Stats.percentileMs(nanos, 95)).put("e2e.p99_ms", Stats.percentileMs(nanos, 99))
                .put("e2e.max_ms", Stats.percentileMs(nanos, 100)).put("e2e.mean_ms", Stats.meanMs(nanos))
                .put("e2e.save_p50_ms", Stats.percentileMs(save, 50));
    }

    private static Map<String, Long> counts(List<String> kinds) {
        Map<String, Long> out = new java.util.TreeMap<>();
        kinds.forEach(k -> out.merge(k, 1L, Long::sum));
        return out;
    }
}
