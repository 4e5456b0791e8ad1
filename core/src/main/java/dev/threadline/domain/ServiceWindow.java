package dev.threadline.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's customer-service window: free-form messages may be sent for 24 hours after the
 * customer's last message, measured on Meta's timestamp of that message; outside it only an approved
 * template may be sent (docs/contracts/whatsapp.md §5).
 */
public final class ServiceWindow {

    public static final Duration LENGTH = Duration.ofHours(24);
    /** Sent this close to the end, a text may arrive after the window shut: treat it as shut. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    private ServiceWindow() {}

    /** Whether a free-form message sent at {@code now} is inside the window opened at {@code customerWrote}. */
    public static boolean open(Instant customerWrote, Instant now) {
        return customerWrote != null && now.isBefore(customerWrote.plus(LENGTH).minus(MARGIN));
    }
}
