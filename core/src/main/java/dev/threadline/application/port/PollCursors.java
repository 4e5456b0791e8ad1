package dev.threadline.application.port;

import dev.threadline.application.port.HelpdeskChanges.Feed;
import dev.threadline.application.port.HelpdeskChanges.Position;

/**
 * Where the helpdesk poll stopped, per feed. Moves are conditional on the position read, so two
 * overlapping runs can never move a feed backwards: the slower one finds it moved and stops.
 */
public interface PollCursors {

    /** The stored position, or {@code null} when the feed was never polled. */
    Position load(Feed feed);

    /**
     * Stores {@code to}, only if the stored position is still {@code from} ({@code null}: none stored).
     *
     * @throws MovedException when another run moved it meanwhile
     */
    void move(Feed feed, Position from, Position to);

    /** Another run moved the cursor since it was read. */
    final class MovedException extends RuntimeException {
        public MovedException(String message) {
            super(message);
        }
    }
}
