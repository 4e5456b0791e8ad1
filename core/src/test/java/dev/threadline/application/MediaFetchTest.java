package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threadline.application.port.MediaFiles;
import dev.threadline.application.port.MediaFiles.MediaFailure;
import dev.threadline.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded retry around a download: backoff on the injected clock, a deadline, final failures at once. */
class MediaFetchTest {

    private static final Instant START = Instant.parse("2026-11-21T13:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    private MediaFetch fetch(int failures, boolean retryable) {
        MediaFiles files = (phoneNumberId, mediaId) -> {
            if (calls.incrementAndGet() <= failures) {
                throw retryable ? MediaFailure.retryable("WhatsApp media lookup answered HTTP 503", null)
                        : MediaFailure.fatal("content type video/x-msvideo not allowed");
            }
            return new MediaFiles.Media(new byte[] {1}, "image/png", 1);
        };
        return new MediaFetch(files, clock, d -> {
            pauses.add(d);
            clock.advance(d);
        });
    }

    @Test
    void aRetryableFailure_isTriedAgainWithGrowingPauses_untilItWorks() {
        assertThat(fetch(2, true).fetch("1", "m", START.plusSeconds(20)).bytes()).containsExactly(1);
        assertThat(pauses).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void afterTheLastAttempt_theFailureIsFinal_withItsReason() {
        MediaFailure failure = catchThrowableOfType(MediaFailure.class, () -> fetch(5, true).fetch("1", "m", START.plusSeconds(20)));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).isEqualTo("WhatsApp media lookup answered HTTP 503 (3 attempts)");
        assertThat(calls).hasValue(MediaFetch.ATTEMPTS);
    }

    @Test
    void noRetryStartsThatCouldRunPastTheDeadline() {
        MediaFailure failure = catchThrowableOfType(MediaFailure.class, () -> fetch(5, true).fetch("1", "m", START.plusSeconds(2)));

        assertThat(failure.reason()).endsWith("(no time left to retry)");
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aFinalFailure_isNotRetried() {
        MediaFailure failure = catchThrowableOfType(MediaFailure.class, () -> fetch(1, false).fetch("1", "m", START.plusSeconds(20)));

        assertThat(failure.reason()).isEqualTo("content type video/x-msvideo not allowed");
        assertThat(calls).hasValue(1);
    }
}
