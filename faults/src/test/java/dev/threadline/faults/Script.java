package dev.threadline.faults;

import dev.threadline.faults.Scenario.Boundary;
import dev.threadline.faults.Scenario.Conversation;
import dev.threadline.faults.Scenario.ErpKind;
import dev.threadline.faults.Scenario.LlmKind;
import dev.threadline.faults.Scenario.Msg;
import dev.threadline.faults.Scenario.Route;
import dev.threadline.faults.Scenario.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hand-written scenarios for the pinned examples, in the generator's terms. */
final class Script {

    private final boolean mergeBursts;
    private final Map<Integer, List<Msg>> messages = new TreeMap<>();
    private final List<Step> steps = new ArrayList<>();
    private int deliveries;

    private Script(boolean mergeBursts) {
        this.mergeBursts = mergeBursts;
    }

    static Script mergingBursts() {
        return new Script(true);
    }

    static Script oneMessagePerTurn() {
        return new Script(false);
    }

    /** The next message of customer {@code c}, one minute after their previous one. */
    Msg message(int c, int topic) {
        return message(c, topic, false);
    }

    Msg poisoned(int c, int topic) {
        return message(c, topic, true);
    }

    private Msg message(int c, int topic, boolean poison) {
        List<Msg> mine = messages.computeIfAbsent(c, k -> new ArrayList<>());
        int seq = mine.size();
        Msg m = new Msg(Msg.idOf(c, seq), c, seq, topic,
                Scenario.T0.plus(Duration.ofMinutes(7L * c + seq)), poison);
        mine.add(m);
        return m;
    }

    /** Delivers the messages (one customer's burst) once; returns the delivery number. */
    int deliver(Msg... burst) {
        return deliver(1, false, false, burst);
    }

    int deliver(int copies, boolean concurrent, boolean sqsOutage, Msg... burst) {
        int id = deliveries++;
        steps.add(new Step.Deliver(id, Arrays.asList(burst), copies, concurrent, sqsOutage));
        return id;
    }

    Script metaRetry(int delivery) {
        return step(new Step.MetaRetry(delivery));
    }

    Script lateCopy(int delivery) {
        return step(new Step.LateCopy(delivery));
    }

    Script poll() {
        return step(new Step.Poll(1, false));
    }

    Script pollWithoutAck() {
        return step(new Step.Poll(1, true));
    }

    Script sweep(int hours, boolean duringPoll) {
        return step(new Step.Sweep(hours, duringPoll));
    }

    Script erpnext(ErpKind kind, Route route) {
        return step(new Step.ErpFault(kind, route));
    }

    Script llm(LlmKind kind) {
        return step(new Step.LlmFault(kind));
    }

    Script crash(Boundary at) {
        return step(new Step.Crash(at));
    }

    private Script step(Step step) {
        steps.add(step);
        return this;
    }

    Scenario scenario() {
        List<Conversation> conversations = new ArrayList<>();
        messages.forEach((c, list) -> conversations.add(new Conversation(c, list)));
        return new Scenario(mergeBursts, conversations, steps);
    }
}
