package dev.threadline.adapter.judge;

import java.util.List;

/**
 * One message to judge with the context a judge may see: the open issue's summary, the customer's
 * recent messages on it (oldest first), the agent's last customer-visible reply (or {@code null}),
 * and the minutes since the customer's previous message.
 */
record Observation(String summary, List<String> recent, String agentReply, String message, double gapMinutes) {
    Observation {
        summary = summary == null ? "" : summary;
        recent = recent == null ? List.of() : List.copyOf(recent);
        agentReply = agentReply == null || agentReply.isBlank() ? null : agentReply;
        message = message == null ? "" : message;
        gapMinutes = Math.max(0, gapMinutes);
    }
}
