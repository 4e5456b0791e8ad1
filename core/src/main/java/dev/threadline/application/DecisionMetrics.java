package dev.threadline.application;

import dev.threadline.domain.Decision;
import dev.threadline.domain.Decision.Stage;

/** The metric names of decisions, written as literals so the dashboard's references can be checked against the code. */
final class DecisionMetrics {

    private DecisionMetrics() {}

    static String of(Decision decision) {
        if (decision.stage() == Stage.FALLBACK) {
            return "DecisionFallback";
        }
        return switch (decision.kind()) {
            case FIRST -> "DecisionFirst";
            case SAME -> "DecisionSame";
            case NEW -> "DecisionNew";
        };
    }

    static String of(Stage stage) {
        return switch (stage) {
            case RULE -> "DecisionsByRule";
            case OFFLINE -> "DecisionsByOffline";
            case LLM -> "DecisionsByLlm";
            case FALLBACK -> "DecisionsByFallback";
        };
    }
}
