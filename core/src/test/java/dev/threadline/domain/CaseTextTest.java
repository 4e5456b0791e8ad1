package dev.threadline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A case holds no phone numbers and stays bounded, whatever the summary it is given. */
class CaseTextTest {

    @Test
    void phoneNumbersInEveryUsualShapeAreRemoved_errorCodesStay() {
        assertThat(CaseText.scrub("call +49 151 1234 5678 or (030) 123-4567, wa 4915112345678; error 809, port 443"))
                .isEqualTo("call [number] or [number], wa [number]; error 809, port 443");
    }

    @Test
    void aCaseIsBounded() {
        CaseRecord r = new CaseRecord("ISS-1", "site", "word ".repeat(1000), List.of("a", "b", "c"), null, Instant.EPOCH,
                new float[0], "m");
        assertThat(r.summary().length()).isLessThanOrEqualTo(CaseRecord.MAX_SUMMARY_CHARS);
        assertThat(r.summary()).endsWith("…");
        assertThat(r.tags()).containsExactly("a", "b");
        assertThat(r.toString()).doesNotContain("word");
    }

    @Test
    void contentWordsFoldCaseAndAccents_andSkipStopWords() {
        assertThat(CaseText.words("The VPN-Zertifikat ist abgelaufen; the vpn fails")).containsExactly("vpn", "zertifikat",
                "abgelaufen", "fails");
    }
}
