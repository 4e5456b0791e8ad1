package dev.threadline.application;

import dev.threadline.application.port.MediaFiles;
import dev.threadline.application.port.MediaFiles.MediaFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Downloads a customer's file with a bounded retry: a retryable failure is tried again after 0.5 s, then
 * 1 s ({@link #ATTEMPTS} in all), and never past the caller's deadline, so media can never hold a turn
 * until the Lambda's timeout. What is left after that is a final failure with the last reason.
 */
final class MediaFetch {

    static final int ATTEMPTS = 3;
    static final Duration FIRST_DELAY = Duration.ofMillis(500);
    /** Room left for the download itself; no retry starts with less before the deadline. */
    static final Duration ROOM_FOR_A_TRY = Duration.ofSeconds(2);

    /** Waits between attempts; tests pass one that moves their clock instead of sleeping. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final MediaFiles files;
    private final Clock clock;
    private final Pause pause;

    MediaFetch(MediaFiles files, Clock clock, Pause pause) {
        this.files = files;
        this.clock = clock;
        this.pause = pause;
    }

    /** @throws MediaFailure always final: retries are done here */
    MediaFiles.Media fetch(String phoneNumberId, String mediaId, Instant deadline) {
        Duration delay = FIRST_DELAY;
        for (int attempt = 1; ; attempt++) {
            try {
                return files.fetch(phoneNumberId, mediaId);
            } catch (MediaFailure failure) {
                if (!failure.retryable()) {
                    throw failure;
                }
                if (attempt >= ATTEMPTS) {
                    throw MediaFailure.fatal(failure.reason() + " (" + attempt + " attempts)");
                }
                if (clock.instant().plus(delay).plus(ROOM_FOR_A_TRY).isAfter(deadline)) {
                    throw MediaFailure.fatal(failure.reason() + " (no time left to retry)");
                }
                try {
                    pause.pause(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw MediaFailure.fatal(failure.reason() + " (interrupted)");
                }
                delay = delay.multipliedBy(2);
            }
        }
    }
}
