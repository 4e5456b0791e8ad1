package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.port.CaseSummarizer;
import dev.threadline.application.port.CaseSummarizer.Summary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline summary: the opening summary, a stated cause, the agent's last reply; tags from type and keywords. */
class ExtractiveSummarizerTest {

    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();

    @Test
    void problemCauseAndFix_fromTheOpeningTheNotesAndTheLastReply() {
        Summary s = summarizer.summarize(new CaseSummarizer.Input("VPN error 809 from the home office", "Network",
                List.of("VPN error 809 from the home office", "still failing with the vpn"),
                List.of("Can you send a screenshot?", "We renewed your VPN certificate; please reconnect."),
                List.of("It failed because the certificate had expired. Renewal job broken.")));

        assertThat(s.text()).isEqualTo("""
                Problem: VPN error 809 from the home office
                Cause: It failed because the certificate had expired.
                Fix: We renewed your VPN certificate; please reconnect.""");
        assertThat(s.tags()).containsExactly("network", "vpn");
        assertThat(s.by()).isEqualTo("offline");
    }

    @Test
    void withoutAReply_theLastNoteIsTheFix_andPhoneNumbersAreRemoved() {
        Summary s = summarizer.summarize(new CaseSummarizer.Input("Printer jammed, call 0151 2345 6789", null,
                List.of("Printer jammed"), List.of(), List.of("Cleared the paper path on site.")));

        assertThat(s.text()).isEqualTo("Problem: Printer jammed, call [number]\nFix: Cleared the paper path on site.");
        assertThat(s.tags()).containsExactly("printer");
    }

    @Test
    void theSameTicketAlwaysGivesTheSameSummary() {
        var input = new CaseSummarizer.Input("Login fails", "Access", List.of("Login fails after reset"),
                List.of("Reset your MFA token."), List.of());
        assertThat(summarizer.summarize(input)).isEqualTo(summarizer.summarize(input));
    }

    @Test
    void theNoteSaysHowLongAgoAndWhatFixedIt() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        var record = new dev.threadline.domain.CaseRecord("ISS-2026-00001", "site", "Problem: VPN 809\nFix: Renewed the certificate.",
                List.of("vpn"), "Network", now.minusSeconds(2 * 86_400 + 60), new float[] {1f}, "m");
        String note = SuggestCases.note(List.of(new SuggestCases.Match(record, 0.81, 0.78, 0.9)), now);

        assertThat(note).startsWith("Similar resolved cases:\nISS-2026-00001 (2 days ago): fixed by Renewed the certificate.")
                .contains("score 0.81 = cosine 0.78, words 0.90").contains("not sent to the customer");
    }
}
