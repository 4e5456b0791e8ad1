package dev.threadline.adapter.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threadline.application.port.MediaFiles;
import dev.threadline.application.port.MediaFiles.MediaFailure;
import dev.threadline.emulators.whatsapp.MediaStore;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.fakes.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GraphMediaFiles} as Micronaut wires it, against the WhatsApp Cloud API emulator (whatsapp.md §7). */
class GraphMediaFilesContractTest {

    private static final String PHONE_NUMBER_ID = "109876543210987";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    private final WhatsAppCloudFake whatsapp = WhatsAppCloudFake.builder().clock(clock).start();
    private ApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        whatsapp.close();
    }

    private MediaFiles files(String maxBytes, String types) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.function", "ticket");
        properties.put("threadline.whatsapp.send.graph-url", whatsapp.baseUrl());
        properties.put("threadline.whatsapp.send.access-token", whatsapp.accessToken());
        properties.put("threadline.whatsapp.send.template-name", "ticket_update");
        properties.put("threadline.whatsapp.send.timeout", "PT2S");
        properties.put("threadline.media.max-bytes", maxBytes);
        properties.put("threadline.media.types", types);
        context = ApplicationContext.run(properties);
        return context.getBean(MediaFiles.class);
    }

    private MediaFiles files() {
        return files("", "");
    }

    private MediaFailure failure(Runnable fetch) {
        MediaFailure failure = catchThrowableOfType(MediaFailure.class, fetch::run);
        assertThat(failure).as("a MediaFailure").isNotNull();
        return failure;
    }

    @Test
    void downloadsTheBytes_withTheLookupsType_parametersDropped() {
        byte[] voice = {79, 103, 103, 83, 0, 2, 3};
        MediaStore.Media media = whatsapp.media().register("3044556677889900", voice, "audio/ogg; codecs=opus");

        MediaFiles.Media file = files().fetch(PHONE_NUMBER_ID, media.id());

        assertThat(file.bytes()).isEqualTo(voice);
        assertThat(file.contentType()).isEqualTo("audio/ogg");
        assertThat(file.size()).isEqualTo(voice.length);
    }

    @Test
    void aFileOverTheCap_isRefusedFromTheLookupsSize_beforeAnyDownload() {
        MediaStore.Media media = whatsapp.media().register(new byte[3 * 1024 * 1024], "application/pdf");
        MediaFiles files = files(Integer.toString(1024 * 1024), "");

        MediaFailure failure = failure(() -> files.fetch(PHONE_NUMBER_ID, media.id()));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).isEqualTo("too large: 3 MB > 1 MB cap");
        assertThat(whatsapp.media().downloads()).as("nothing downloaded").isZero();
    }

    @Test
    void aFileLargerThanTheLookupSaid_isRefusedWhileReading() {
        MediaStore.Media media = whatsapp.media().register(new byte[2 * 1024 * 1024], "application/pdf");
        whatsapp.media().understateSizes(true);
        MediaFiles files = files(Integer.toString(1024 * 1024), "");

        MediaFailure failure = failure(() -> files.fetch(PHONE_NUMBER_ID, media.id()));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).isEqualTo("too large: over the 1 MB cap");
        assertThat(whatsapp.media().downloads()).isEqualTo(1);
    }

    @Test
    void aTypeOutsideTheAllowList_isRefused_beforeAnyDownload() {
        MediaStore.Media media = whatsapp.media().register(new byte[10], "video/x-msvideo");

        MediaFailure failure = failure(() -> files().fetch(PHONE_NUMBER_ID, media.id()));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).isEqualTo("content type video/x-msvideo not allowed");
        assertThat(whatsapp.media().downloads()).isZero();
    }

    @Test
    void anAllowListSetting_replacesTheDefault() {
        MediaStore.Media media = whatsapp.media().register(new byte[10], "image/jpeg");

        MediaFailure failure = failure(() -> files("", "application/pdf, text/plain").fetch(PHONE_NUMBER_ID, media.id()));

        assertThat(failure.reason()).isEqualTo("content type image/jpeg not allowed");
    }

    @Test
    void anExpiredUrl_getsOneFreshUrl_thenTheFileIsGone() {
        MediaStore.Media media = whatsapp.media().register(new byte[] {1, 2, 3}, "image/png");
        MediaFiles files = files();

        whatsapp.media().expireNextDownloads(1);
        assertThat(files.fetch(PHONE_NUMBER_ID, media.id()).bytes()).containsExactly(1, 2, 3);
        assertThat(whatsapp.media().downloads()).isEqualTo(2);

        whatsapp.media().expireNextDownloads(2);
        MediaFailure failure = failure(() -> files.fetch(PHONE_NUMBER_ID, media.id()));
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).isEqualTo("expired or gone (404)");
        assertThat(whatsapp.media().downloads()).as("one fresh URL, not more").isEqualTo(4);
    }

    @Test
    void aUrlOlderThanFiveMinutes_isExpiredOnTheEmulatorsClock() {
        MediaStore.Media media = whatsapp.media().register(new byte[] {9}, "image/png");
        MediaFiles files = files();
        // The lookup and download are back to back, so the clock moving past five minutes beforehand changes nothing.
        clock.advance(Duration.ofMinutes(6));

        assertThat(files.fetch(PHONE_NUMBER_ID, media.id()).bytes()).containsExactly(9);
    }

    @Test
    void aMediaIdMetaDoesNotKnow_isFinal() {
        MediaFailure failure = failure(() -> files().fetch(PHONE_NUMBER_ID, "1999999999999999"));

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.reason()).isEqualTo("expired or gone (WhatsApp no longer has this media id)");
    }

    @Test
    void anUnreachableGraphApi_isRetryable() {
        MediaStore.Media media = whatsapp.media().register(new byte[] {9}, "image/png");
        MediaFiles files = files();
        whatsapp.close();

        MediaFailure failure = failure(() -> files.fetch(PHONE_NUMBER_ID, media.id()));

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.reason()).startsWith("WhatsApp media lookup failed");
    }
}
