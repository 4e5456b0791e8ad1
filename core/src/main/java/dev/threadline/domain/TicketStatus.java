package dev.threadline.domain;

/** A ticket's state in the helpdesk, reduced to what the ticket logic needs. */
public enum TicketStatus {
    OPEN, REPLIED, ON_HOLD, RESOLVED, CLOSED,
    /** The ticket no longer exists (deleted or renamed): treated like CLOSED. */
    GONE,
    /** A status this version does not know (custom workflow): treated like OPEN. */
    OTHER;

    /** Whether the next message must open a new ticket instead of landing on this one. */
    public boolean endsEpisode() {
        return this == CLOSED || this == GONE;
    }
}
