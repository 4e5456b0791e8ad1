package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.domain.Content;
import org.junit.jupiter.api.Test;

class MediaFileNameTest {

    private static Content.Media media(String kind, String mime, String fileName, boolean voice) {
        return new Content.Media(kind, "1022334455667788", mime, fileName, null, voice, null);
    }

    @Test
    void namesCarryTheMediaId_andTheCustomersNameOrTheKindWithTheTypesExtension() {
        assertThat(MediaFileName.of(media("image", "image/jpeg", null, false))).isEqualTo("wa-1022334455667788-image.jpg");
        assertThat(MediaFileName.of(media("audio", "audio/ogg; codecs=opus", null, true))).isEqualTo("wa-1022334455667788-voice.ogg");
        assertThat(MediaFileName.of(media("document", "application/pdf", "RE-2025-0412.pdf", false)))
                .isEqualTo("wa-1022334455667788-RE-2025-0412.pdf");
        assertThat(MediaFileName.of(media("document", "application/pdf", "Rechnung", false)))
                .isEqualTo("wa-1022334455667788-Rechnung.pdf");
        assertThat(MediaFileName.of(media("video", null, null, false))).isEqualTo("wa-1022334455667788-video");
    }

    @Test
    void pathsAndOddCharactersCannotLeaveTheFilesFolder_andLongNamesKeepTheirExtension() {
        assertThat(MediaFileName.of(media("document", "application/pdf", "../../etc/passwd", false)))
                .isEqualTo("wa-1022334455667788-etc_passwd.pdf");
        assertThat(MediaFileName.of(media("document", "text/plain", "Ärger <b>\"x\".txt", false)))
                .isEqualTo("wa-1022334455667788-rger_b_x_.txt");
        String longName = MediaFileName.of(media("document", "application/pdf", "a".repeat(300) + ".pdf", false));
        assertThat(longName).hasSize(MediaFileName.MAX_LENGTH).startsWith("wa-1022334455667788-").endsWith(".pdf");
    }
}
