package dev.threadline.faults;

import dev.threadline.faults.Scenario.Boundary;
import dev.threadline.faults.Scenario.Conversation;
import dev.threadline.faults.Scenario.ErpKind;
import dev.threadline.faults.Scenario.LlmKind;
import dev.threadline.faults.Scenario.Msg;
import dev.threadline.faults.Scenario.Route;
import dev.threadline.faults.Scenario.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns jqwik's genes (flat, shrinkable lists of small choices) into a {@link Scenario}, keeping the
 * faults inside budgets that make the oracle exact:
 *
 * <ul>
 *   <li>at most {@value #MAX_RECEIVE_FAILURES} crashes and lost acknowledgements, and ERPNext faults
 *       worth at most {@value #MAX_ERP_COST} transient failures (so at most one call exhausts its three
 *       attempts, and the circuit breaker never opens). No message is then received more than four
 *       times, and SQS's own redrive (maxReceiveCount 20, as deployed) never moves one to the DLQ: the DLQ must hold
 *       exactly the poisoned turns;</li>
 *   <li>at most {@value #MAX_POISON} poisoned messages, {@value #MAX_LLM} LLM faults, {@value #MAX_SWEEPS} sweeps;</li>
 *   <li>no {@link ErpKind#TIMEOUT} on {@link Route#CREATE_COMMUNICATION}: it becomes a commit-then-timeout, which is what
 *       ERPNext sees either way; the fixed double post it used to cause is pinned in
 *       {@code PinnedFaultsIT#aCommunicationCommittedAfterTheClientTimedOut_isPostedOnce}.</li>
 * </ul>
 * Genes beyond a budget become a plain poll, so shrinking still works on the lists.
 */
final class ScenarioBuilder {

    static final int MAX_RECEIVE_FAILURES = 2;
    static final int MAX_ERP_COST = 4;
    static final int MAX_POISON = 2;
    static final int MAX_LLM = 4;
    static final int MAX_SWEEPS = 3;

    /**
     * Where crashes strike, weighted towards the two boundaries with an effect in flight: claimed but
     * not applied, and applied in ERPNext but not in the session (whose recovery must not post twice).
     */
    private static final Boundary[] CRASH_POINTS = {Boundary.BEFORE_CLAIM, Boundary.AFTER_CLAIM, Boundary.AFTER_CLAIM,
        Boundary.BEFORE_COMPLETE, Boundary.BEFORE_COMPLETE, Boundary.BEFORE_COMPLETE, Boundary.AFTER_COMPLETE,
        Boundary.BEFORE_REPLACE};

    /** One message: does the topic change, is there an idle gap before it, is it poisoned. */
    record MsgGene(boolean newTopic, boolean gap, boolean poison) {}

    /** How the next burst of a customer is delivered. */
    record DeliveryGene(int burst, int copies, boolean concurrent, boolean late, boolean sqsOutage, boolean retryAtOnce) {}

    /** What happens after a delivery; {@code a} and {@code b} pick the variant. */
    record ActionGene(Kind kind, int a, int b) {
        enum Kind { NOTHING, POLL, POLL_ACK_LOST, SWEEP, SWEEP_DURING_POLL, ERP, LLM, CRASH }
    }

    private ScenarioBuilder() {}

    static Scenario build(boolean mergeBursts, List<List<MsgGene>> conversations, List<DeliveryGene> deliveries,
                          List<Integer> picks, List<ActionGene> actions) {
        List<Conversation> conv = new ArrayList<>();
        int poisoned = 0;
        for (int c = 0; c < conversations.size(); c++) {
            List<Msg> messages = new ArrayList<>();
            int topic = c * 10;
            Instant at = Scenario.T0.plus(Duration.ofMinutes(7L * c));
            for (int seq = 0; seq < conversations.get(c).size(); seq++) {
                MsgGene gene = conversations.get(c).get(seq);
                if (seq > 0) {
                    topic += gene.newTopic() ? 1 : 0;
                    at = at.plus(gene.gap() ? Scenario.SESSION_TIMEOUT.plusHours(1) : Duration.ofMinutes(1));
                }
                boolean poison = gene.poison() && poisoned < MAX_POISON;
                poisoned += poison ? 1 : 0;
                messages.add(new Msg(Msg.idOf(c, seq), c, seq, topic, at, poison));
            }
            conv.add(new Conversation(c, messages));
        }

        // Cut each conversation into bursts, one delivery gene per burst.
        List<Deque<List<Msg>>> bursts = new ArrayList<>();
        List<Deque<DeliveryGene>> shapes = new ArrayList<>();
        int g = 0;
        for (Conversation c : conv) {
            Deque<List<Msg>> mine = new ArrayDeque<>();
            Deque<DeliveryGene> myShapes = new ArrayDeque<>();
            for (int i = 0; i < c.messages().size(); ) {
                DeliveryGene shape = g < deliveries.size() ? deliveries.get(g) : new DeliveryGene(1, 1, false, false, false, true);
                g++;
                int end = Math.min(c.messages().size(), i + Math.max(1, shape.burst()));
                mine.add(c.messages().subList(i, end));
                myShapes.add(shape);
                i = end;
            }
            bursts.add(mine);
            shapes.add(myShapes);
        }

        Budget budget = new Budget();
        List<Step> steps = new ArrayList<>();
        List<Step> deferred = new ArrayList<>();
        int delivery = 0;
        int pick = 0;
        int action = 0;
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int c = 0; c < bursts.size(); c++) {
                if (!bursts.get(c).isEmpty()) {
                    open.add(c);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int c = open.get(Math.floorMod(pick < picks.size() ? picks.get(pick) : 0, open.size()));
            pick++;
            List<Msg> burst = bursts.get(c).poll();
            DeliveryGene shape = shapes.get(c).poll();
            int id = delivery++;
            List<Step> nowDue = new ArrayList<>(deferred);
            deferred.clear();
            steps.add(new Step.Deliver(id, burst, Math.max(1, Math.min(5, shape.copies())), shape.concurrent(), shape.sqsOutage()));
            if (shape.sqsOutage()) {
                (shape.retryAtOnce() ? steps : deferred).add(new Step.MetaRetry(id));
            }
            if (shape.late()) {
                deferred.add(new Step.LateCopy(id));
            }
            steps.addAll(nowDue);
            ActionGene gene = action < actions.size() ? actions.get(action) : new ActionGene(ActionGene.Kind.NOTHING, 0, 0);
            action++;
            Step step = budget.admit(gene);
            if (step != null) {
                steps.add(step);
            }
        }
        steps.addAll(deferred);
        return new Scenario(mergeBursts, conv, steps);
    }

    /** Counts what a scenario may still spend. */
    private static final class Budget {
        int receiveFailures;
        int erpCost;
        int llm;
        int sweeps;

        Step admit(ActionGene gene) {
            int a = Math.abs(gene.a());
            int b = Math.abs(gene.b());
            return switch (gene.kind()) {
                case NOTHING -> null;
                case POLL -> new Step.Poll(1 + a % 3, false);
                case POLL_ACK_LOST -> receiveFailures++ < MAX_RECEIVE_FAILURES ? new Step.Poll(1, true) : poll();
                case SWEEP, SWEEP_DURING_POLL -> sweeps++ < MAX_SWEEPS
                        ? new Step.Sweep(a % 31, gene.kind() == ActionGene.Kind.SWEEP_DURING_POLL) : poll();
                case LLM -> llm++ < MAX_LLM ? new Step.LlmFault(LlmKind.values()[a % LlmKind.values().length]) : poll();
                case CRASH -> receiveFailures++ < MAX_RECEIVE_FAILURES ? new Step.Crash(CRASH_POINTS[a % CRASH_POINTS.length]) : poll();
                case ERP -> erp(ErpKind.values()[a % ErpKind.values().length], Route.values()[b % Route.values().length]);
            };
        }

        private Step erp(ErpKind kind, Route route) {
            if (kind == ErpKind.COMMIT_THEN_TIMEOUT && !route.write()) {
                kind = ErpKind.TIMEOUT;
            }
            if (kind == ErpKind.TIMEOUT && route == Route.CREATE_COMMUNICATION) {
                kind = ErpKind.COMMIT_THEN_TIMEOUT; // see the class comment: the late-commit duplicate is pinned, not generated
            }
            if (erpCost + kind.cost > MAX_ERP_COST) {
                return poll();
            }
            erpCost += kind.cost;
            return new Step.ErpFault(kind, route);
        }

        private static Step poll() {
            return new Step.Poll(1, false);
        }
    }
}
