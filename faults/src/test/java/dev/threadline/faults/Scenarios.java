package dev.threadline.faults;

import dev.threadline.faults.ScenarioBuilder.ActionGene;
import dev.threadline.faults.ScenarioBuilder.DeliveryGene;
import dev.threadline.faults.ScenarioBuilder.MsgGene;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The jqwik generators. Sizes are CI-sized: up to 6 customers with up to 8 messages each, one action
 * after each delivery. Frequencies favour the ordinary (single copies, polls) so that faults strike a
 * system that is mid-flight rather than idle.
 */
final class Scenarios {

    static final int MAX_CUSTOMERS = 6;
    static final int MAX_MESSAGES = 8;

    private Scenarios() {}

    static Arbitrary<Scenario> scenarios() {
        Arbitrary<MsgGene> message = Combinators.combine(
                Arbitraries.frequency(Tuple.of(7, false), Tuple.of(3, true)),
                Arbitraries.frequency(Tuple.of(19, false), Tuple.of(1, true)),
                Arbitraries.frequency(Tuple.of(24, false), Tuple.of(1, true))).as(MsgGene::new);
        Arbitrary<DeliveryGene> delivery = Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, 1), Tuple.of(3, 2), Tuple.of(1, 3)),
                Arbitraries.frequency(Tuple.of(10, 1), Tuple.of(4, 2), Tuple.of(2, 3), Tuple.of(1, 5)),
                Arbitraries.of(false, true),
                Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)),
                Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true)),
                Arbitraries.of(false, true)).as(DeliveryGene::new);
        Arbitrary<ActionGene> action = Combinators.combine(
                Arbitraries.frequency(
                        Tuple.of(3, ActionGene.Kind.NOTHING),
                        Tuple.of(8, ActionGene.Kind.POLL),
                        Tuple.of(1, ActionGene.Kind.POLL_ACK_LOST),
                        Tuple.of(1, ActionGene.Kind.SWEEP),
                        Tuple.of(1, ActionGene.Kind.SWEEP_DURING_POLL),
                        Tuple.of(3, ActionGene.Kind.ERP),
                        Tuple.of(2, ActionGene.Kind.LLM),
                        Tuple.of(3, ActionGene.Kind.CRASH)),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000)).as(ActionGene::new);
        return Combinators.combine(
                Arbitraries.of(true, false),
                message.list().ofMinSize(1).ofMaxSize(MAX_MESSAGES).list().ofMinSize(1).ofMaxSize(MAX_CUSTOMERS),
                delivery.list().ofMaxSize(MAX_CUSTOMERS * MAX_MESSAGES),
                Arbitraries.integers().between(0, MAX_CUSTOMERS - 1).list().ofMaxSize(MAX_CUSTOMERS * MAX_MESSAGES),
                action.list().ofMaxSize(MAX_CUSTOMERS * MAX_MESSAGES))
                .as(ScenarioBuilder::build)
                // The full size distribution even with few tries (jqwik scales sizes with the try count).
                .fixGenSize(1000);
    }
}
