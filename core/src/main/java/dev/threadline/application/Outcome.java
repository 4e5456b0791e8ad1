package dev.threadline.application;

import java.util.List;

/** What happened to a turn. */
public sealed interface Outcome {

    /**
     * Whether agents' replies are waiting for this customer to write (WhatsApp's 24-hour window), so
     * the caller should release them now. A redelivery cannot tell, so it says yes.
     */
    boolean repliesWaiting();

    /** The turn opened a ticket (FIRST or NEW). */
    record Opened(List<String> messageIds, String ticketId, boolean repliesWaiting) implements Outcome {}

    /** The turn was posted to the open ticket (SAME). */
    record Appended(List<String> messageIds, String ticketId, boolean repliesWaiting) implements Outcome {}

    /** A message that is no conversation of its own was noted on the open ticket. */
    record Noted(List<String> messageIds, String ticketId, boolean repliesWaiting) implements Outcome {}

    /** A message that is no conversation of its own, with no open ticket to note it on: only recorded as applied. */
    record Skipped(List<String> messageIds, boolean repliesWaiting) implements Outcome {}

    /** Every message of the turn had been applied before: a redelivery. */
    record AlreadyApplied(List<String> messageIds) implements Outcome {
        @Override
        public boolean repliesWaiting() {
            return true;
        }
    }

    /** The turn spanned episodes (an idle gap, or a message the judge called NEW): one outcome per part. */
    record Several(List<Outcome> parts) implements Outcome {
        @Override
        public boolean repliesWaiting() {
            return parts.stream().anyMatch(Outcome::repliesWaiting);
        }
    }
}
