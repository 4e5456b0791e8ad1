package dev.threadline.application.port;

/**
 * Tells the support team what matters (Mattermost in production). Best effort: implementations use
 * a short timeout and never throw, so a chat outage never delays or fails ticket work.
 */
public interface AgentNotifier {

    /** Posts a notice; returns whether it was delivered. Never throws. */
    boolean notify(Notice notice);

    /**
     * @param kind a fixed category for filtering and metrics
     * @param markdown the text; may contain ticket subjects (customer-derived), never phone numbers
     */
    record Notice(Kind kind, String markdown) {}

    enum Kind { NEW_TICKET, LOW_CONFIDENCE, FALLBACK_DECISION, PERMANENT_FAILURE, SESSION_CLOSED, REPLY_NOT_DELIVERED }
}
