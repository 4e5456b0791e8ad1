package dev.threadline.bench;

import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.emulators.whatsapp.Customer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted customer side of {@link ReplyLoop}: each customer reports an issue, then follows up
 * (a nudge, a detail, an unrelated request, thanks), one message at a time. Each message is its own
 * turn: the next is sent only when the turn is applied and everything it set off has run, so the
 * calls between two snapshots are that turn's. The texts are fixed, so both runs get the same decisions.
 */
final class CustomerTurns {

    private static final String[] ISSUES = {
        "My printer shows error E42 and will not print", "The VPN disconnects every few minutes since this morning",
        "I cannot log in to the customer portal, it says my password expired",
        "The laptop you sent me does not charge anymore", "Order 48213 arrived with a broken screen"};
    private static final String[] FOLLOW_UPS = {
        "Any update on this?", "I restarted it twice and it still shows the same problem",
        "One more thing, unrelated: the invoice for March never arrived, can you resend it?", "thanks"};

    /** A customer's turn: its decision kind and the calls it caused. */
    record Turn(String kind, Tally calls) {}

    private CustomerTurns() {}

    static String waId(int customer) {
        return "4915100" + String.format("%05d", customer);
    }

    /** Runs the script for {@code customers} customers; returns every turn in order. */
    static List<Turn> run(LoopStack loop, int customers) {
        List<Turn> turns = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            Customer who = loop.whatsapp.customer(LoopStack.BUSINESS, waId(c), "Customer " + c);
            CustomerKey key = LoopStack.customer(waId(c));
            List<String> script = new ArrayList<>(List.of(ISSUES[c % ISSUES.length]));
            script.addAll(List.of(FOLLOW_UPS));
            for (int m = 0; m < script.size(); m++) {
                Tally before = loop.tally();
                if (who.sendsText(script.get(m)) != 200) {
                    throw new IllegalStateException("intake refused a customer message");
                }
                int applied = m + 1;
                LoopStack.await("turn " + applied + " of customer " + c, () -> loop.sessions.decisions(key).size() >= applied
                        && loop.sessions.load(key).pending() == null);
                loop.awaitQuiet();
                turns.add(new Turn(lastKind(loop, key), loop.tally().minus(before)));
            }
        }
        return turns;
    }

    private static String lastKind(LoopStack loop, CustomerKey key) {
        return loop.sessions.decisions(key).stream().max(Comparator.comparing(DecisionRecord::decidedAt))
                .orElseThrow().decision().kind().name();
    }

    /** Turns by decision kind, and the calls of each kind summed, plus {@code all}. */
    static Map<String, List<Turn>> byKind(List<Turn> turns) {
        Map<String, List<Turn>> out = new LinkedHashMap<>();
        out.put("all", turns);
        for (String kind : List.of("FIRST", "SAME", "NEW")) {
            List<Turn> of = turns.stream().filter(t -> t.kind().equals(kind)).toList();
            if (!of.isEmpty()) {
                out.put(kind, of);
            }
        }
        return out;
    }

    static Tally sum(List<Turn> turns) {
        return turns.stream().map(Turn::calls).reduce(Tally.zero(), Tally::plus);
    }
}
