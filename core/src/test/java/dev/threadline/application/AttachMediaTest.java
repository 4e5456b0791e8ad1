package dev.threadline.application;

import static dev.threadline.application.MediaStack.PHONE_NUMBER_ID;
import static dev.threadline.application.MediaStack.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.Helpdesk.OutcomeUnknownException;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import dev.threadline.domain.InboundMessage;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.SimulatedCrash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AttachMedia} with the real adapters against the WhatsApp and ERPNext emulators. */
class AttachMediaTest {

    private static final byte[] JPEG = "jpeg bytes of the jammed printer".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PDF = "%PDF-1.7 invoice".getBytes(StandardCharsets.UTF_8);

    private MediaStack stack = new MediaStack(Map.of());
    private final RecordingMetrics metrics = new RecordingMetrics();

    @AfterEach
    void close() {
        stack.close();
    }

    private AttachMedia attachMedia() {
        return new AttachMedia(stack.files(), stack.helpdesk(), metrics, stack.clock, stack.pause());
    }

    private void registerPhotoAndInvoice() {
        stack.whatsapp.media().register("1022334455667788", JPEG, "image/jpeg");
        stack.whatsapp.media().register("2033445566778899", PDF, "application/pdf");
    }

    private int uploads() {
        return stack.erpnext.requestCount("POST", "/api/method/upload_file");
    }

    @Test
    void eachFileOfTheTurn_landsOnTheIssue_privately_underItsMediaIdsName_andTextIsSkipped() {
        registerPhotoAndInvoice();
        stack.whatsapp.media().register("4055667788990011", new byte[] {82, 73, 70, 70}, "image/webp");
        String issue = stack.openIssue();
        String other = stack.openIssue();

        attachMedia().attach(issue, PHONE_NUMBER_ID, List.of(message("text"), message("image"), message("document"),
                message("sticker")), false);

        List<Map<String, Object>> files = stack.erpnext.attachments(issue);
        assertThat(files).extracting(f -> f.get("file_name")).containsExactly("wa-1022334455667788-image.jpg",
                "wa-2033445566778899-RE-2025-0412.pdf", "wa-4055667788990011-sticker.webp");
        assertThat(files).allSatisfy(f -> assertThat(f).containsEntry("is_private", 1));
        assertThat(stack.erpnext.fileContent((String) files.get(1).get("file_url"))).contains(PDF);
        assertThat(stack.erpnext.attachments(other)).isEmpty();
        assertThat(stack.helpdesk().hasAttachment(issue, "wa-1022334455667788-image.jpg")).isTrue();
        assertThat(stack.helpdesk().hasAttachment(other, "wa-1022334455667788-image.jpg")).isFalse();
        assertThat(metrics.total("MediaAttached")).isEqualTo(3);
        assertThat(metrics.total("MediaFailed")).isZero();
        assertThat(stack.notes(issue)).isEmpty();
    }

    @Test
    void aFileThatCannotBeHad_isOneInternalNoteWithTheReason_andAMetric_neverAnException() {
        stack.whatsapp.media().register("1022334455667788", JPEG, "image/jpeg");
        // The document's media id is unknown to WhatsApp: expired after 7 days, or never there.
        String issue = stack.openIssue();

        attachMedia().attach(issue, PHONE_NUMBER_ID, List.of(message("image"), message("document")), false);

        assertThat(stack.erpnext.attachments(issue)).hasSize(1);
        List<Map<String, Object>> notes = stack.notes(issue);
        assertThat(notes).hasSize(1);
        assertThat((String) notes.getFirst().get("content")).contains("wa-2033445566778899-RE-2025-0412.pdf",
                "expired or gone");
        assertThat(metrics.total("MediaAttached")).isEqualTo(1);
        assertThat(metrics.total("MediaFailed")).isEqualTo(1);
    }

    @Test
    void aFileOverTheCap_isNotedWithItsSize() {
        stack.close();
        stack = new MediaStack(Map.of("threadline.media.max-bytes", "10"));
        stack.whatsapp.media().register("1022334455667788", JPEG, "image/jpeg");
        String issue = stack.openIssue();

        attachMedia().attach(issue, PHONE_NUMBER_ID, List.of(message("image")), false);

        assertThat(stack.erpnext.attachments(issue)).isEmpty();
        assertThat((String) stack.notes(issue).getFirst().get("content")).contains("wa-1022334455667788-image.jpg",
                "too large");
        assertThat(stack.whatsapp.media().downloads()).isZero();
    }

    @Test
    void erpNextFailingTransiently_propagates_soTheTurnIsRetried_andTheRetryAttachesOnce() {
        registerPhotoAndInvoice();
        String issue = stack.openIssue();
        stack.erpnext.faults().matching("POST", "/api/method/upload_file").failNext(3, 503);
        List<InboundMessage> turn = List.of(message("image"), message("document"));

        assertThatThrownBy(() -> attachMedia().attach(issue, PHONE_NUMBER_ID, turn, false))
                .isInstanceOf(TransientHelpdeskException.class);
        assertThat(stack.erpnext.attachments(issue)).isEmpty();
        assertThat(stack.notes(issue)).as("a transient failure is not the file's").isEmpty();

        attachMedia().attach(issue, PHONE_NUMBER_ID, turn, true);

        assertThat(stack.erpnext.attachments(issue)).hasSize(2);
        assertThat(metrics.total("MediaFailed")).isZero();
    }

    @Test
    void anUploadThatCommittedBeforeTheCrash_isNotRepeatedOnReplay() {
        registerPhotoAndInvoice();
        String issue = stack.openIssue();
        List<InboundMessage> turn = List.of(message("image"), message("document"));
        AttachMedia attach = attachMedia();

        // The uploads land; then the process dies before the session records the turn as done.
        assertThatThrownBy(() -> {
            attach.attach(issue, PHONE_NUMBER_ID, turn, false);
            throw new SimulatedCrash("after the uploads, before completing the session");
        }).isInstanceOf(SimulatedCrash.class);
        int before = uploads();

        // The redelivered job carries the same messages; the replayed effect attaches them again.
        attachMedia().attach(issue, PHONE_NUMBER_ID, turn, true);

        assertThat(stack.erpnext.attachments(issue)).hasSize(2);
        assertThat(uploads()).as("no second upload").isEqualTo(before);
    }

    @Test
    void anUploadThatCommitsButTimesOut_isFoundOnReplay_soTheFileIsThereOnce() {
        registerPhotoAndInvoice();
        String issue = stack.openIssue();
        stack.erpnext.faults().matching("POST", "/api/method/upload_file").commitThenTimeoutNext(1, Duration.ofSeconds(2));
        List<InboundMessage> turn = List.of(message("image"), message("document"));

        assertThatThrownBy(() -> attachMedia().attach(issue, PHONE_NUMBER_ID, turn, false))
                .isInstanceOf(OutcomeUnknownException.class);
        attachMedia().attach(issue, PHONE_NUMBER_ID, turn, true);

        assertThat(stack.erpnext.attachments(issue)).extracting(f -> f.get("file_name"))
                .containsExactlyInAnyOrder("wa-1022334455667788-image.jpg", "wa-2033445566778899-RE-2025-0412.pdf");
    }
}
