package dev.threadline.application.port;

/**
 * Tells the support team what matters (Mattermost in production). Best effort: implementations use
 * a short timeout and never throw, so a chat outage never delays or fails ticket work.
 */
public interface AgentNotifier {

    /** Posts a notice, rendered as the chat system wants it; returns whether it was delivered. Never throws. */
    boolean notify(Notice notice);
}
