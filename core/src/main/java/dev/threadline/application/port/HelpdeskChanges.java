package dev.threadline.application.port;

import dev.threadline.application.AcceptHelpdeskEvent.Change;
import java.util.List;

/**
 * The helpdesk's changes read by asking, for sites that cannot send webhooks: agents' comments on
 * tickets, and tickets' saves. Each feed is read in the order of its documents' {@code modified}
 * then {@code name}, so a position (the last change taken) says exactly where to continue, even
 * when many documents share one {@code modified} (docs/contracts/erpnext.md §3.3).
 */
public interface HelpdeskChanges {

    /** What is followed, each with its own position. */
    enum Feed {
        /** Agents' comments on tickets (the webhooks' Comment {@code after_insert}). */
        COMMENTS,
        /** Tickets' saves, with their status (the webhooks' Issue {@code on_change}). */
        TICKETS
    }

    /**
     * A place in a feed: after the document {@code name} whose {@code modified} is {@code modified}.
     * {@link #START} is before every document.
     */
    record Position(String modified, String name) {

        public static final Position START = new Position("", "");

        public Position {
            if (modified == null || name == null) {
                throw new IllegalArgumentException("a position needs both modified and name (empty for the start)");
            }
        }

        /** The position just after {@code change}. */
        public static Position after(Change change) {
            return new Position(change.modified(), change.name());
        }
    }

    /**
     * At most {@code limit} changes strictly after {@code position}, in (modified, name) order; fewer
     * than {@code limit} means the feed has no more for now.
     *
     * @throws RuntimeException when the helpdesk cannot be read; nothing is assumed
     */
    List<Change> after(Feed feed, Position position, int limit);

    /** The position of the feed's newest document, {@link Position#START} when it has none. */
    Position newest(Feed feed);
}
