package dev.threadline.emulators.erpnext;

import java.time.Duration;

/**
 * How the webhook sender waits between attempts (1, 4 and 7 s in Frappe, erpnext.md §10.3). Tests
 * inject one that records the waits and returns at once, so that no test sleeps.
 */
@FunctionalInterface
public interface WebhookPause {

    void pause(Duration duration) throws InterruptedException;

    /** Waits for real. */
    WebhookPause REAL = duration -> Thread.sleep(duration);
}
