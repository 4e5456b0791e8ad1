package dev.threadline.domain;

/** The seed's {@code session_status}. */
public enum SessionStatus {
    /** A ticket is open and follow-ups are judged SAME or NEW against it. */
    ACTIVE,
    /** No open episode: the next message opens a new ticket. */
    CLOSED
}
