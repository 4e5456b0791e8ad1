package dev.threadline.domain;

import java.time.Duration;
import java.util.List;

/**
 * What a SAME/NEW judge may see: the open issue, the customer's recent messages on it, the agent's
 * last customer-visible reply, the ticket's status, and the new messages of one turn with the time
 * since each one's predecessor. Everything here except the status is untrusted customer or agent
 * text; judges treat it as data.
 *
 * @param previousSummary the open ticket's summary
 * @param recentMessages the customer's last messages on the open ticket, oldest first (at most
 *     {@link #MAX_RECENT}); may be empty
 * @param agentLastReply the agent's last customer-visible reply, or {@code null}
 * @param ticketStatus the open ticket's status as last seen, or {@code null} when unknown
 * @param messages the turn's new messages, oldest first (at least one)
 */
public record JudgeQuestion(String previousSummary, List<String> recentMessages, String agentLastReply,
                            TicketStatus ticketStatus, List<Candidate> messages) {

    /** How many recent customer messages a judge is shown. */
    public static final int MAX_RECENT = 3;

    public JudgeQuestion {
        previousSummary = previousSummary == null ? "" : previousSummary;
        recentMessages = recentMessages == null ? List.of()
                : List.copyOf(recentMessages.subList(Math.max(0, recentMessages.size() - MAX_RECENT), recentMessages.size()));
        agentLastReply = agentLastReply == null || agentLastReply.isBlank() ? null : agentLastReply;
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a judge question has at least one message");
        }
    }

    /**
     * One new message.
     *
     * @param text its rendered text ("[image] caption" for media)
     * @param gap time since the customer's previous message (Meta's timestamps); never negative
     */
    public record Candidate(String text, Duration gap) {
        public Candidate {
            text = text == null ? "" : text;
            gap = gap == null || gap.isNegative() ? Duration.ZERO : gap;
        }
    }
}
