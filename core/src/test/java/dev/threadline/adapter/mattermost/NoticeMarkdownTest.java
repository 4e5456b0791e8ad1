package dev.threadline.adapter.mattermost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.port.Notice;
import dev.threadline.domain.Priority;
import org.junit.jupiter.api.Test;

/** How each notice reads in Mattermost. */
class NoticeMarkdownTest {

    private static final Notice.Ticket TICKET = new Notice.Ticket("ISS-2026-00001", "https://erp.example.com/app/issue/ISS-2026-00001");

    @Test
    void aNewTicket_linksTheTicket_andShowsTheSummaryInBold_withThePriority() {
        assertThat(NoticeMarkdown.render(new Notice.TicketOpened(TICKET, "VPN drops every hour", Priority.HIGH))).isEqualTo(
                "New ticket [ISS-2026-00001](https://erp.example.com/app/issue/ISS-2026-00001): **VPN drops every hour** (priority High)");
    }

    @Test
    void needsTriage_andAppendedByDefault_linkTheTicket_andSayWhatToCheck() {
        assertThat(NoticeMarkdown.render(new Notice.NeedsTriage(TICKET))).isEqualTo(
                "Ticket [ISS-2026-00001](https://erp.example.com/app/issue/ISS-2026-00001) needs triage:"
                        + " the classification was uncertain or unavailable.");
        assertThat(NoticeMarkdown.render(new Notice.AppendedByDefault(TICKET))).isEqualTo(
                "Added a message to [ISS-2026-00001](https://erp.example.com/app/issue/ISS-2026-00001) by default:"
                        + " the SAME/NEW judge was unavailable or unsure. Please check.");
    }

    @Test
    void deadLetters_giveTheCountAndTheReason() {
        assertThat(NoticeMarkdown.render(new Notice.DeadLettered(2, "helpdesk refused: 417 LinkValidationError"))).isEqualTo(
                "2 WhatsApp message(s) could not be turned into a ticket and were moved to the dead-letter queue:"
                        + " helpdesk refused: 417 LinkValidationError");
    }

    @Test
    void aCustomerDerivedSummary_cannotPlantLinksOrMarkup_norBreakTheLine() {
        String rendered = NoticeMarkdown.render(new Notice.TicketOpened(TICKET,
                "click [here](https://evil.example) **now** `x` <b>\nsecond line", Priority.LOW));

        assertThat(rendered).contains("\\[here\\]\\(https://evil.example\\) \\*\\*now\\*\\* \\`x\\` \\<b\\> second line")
                .doesNotContain("\n").doesNotContain("[here]");
    }

    @Test
    void aSummaryCannotNotifyTheChannel() {
        String rendered = NoticeMarkdown.render(new Notice.TicketOpened(TICKET, "@channel @here help", Priority.LOW));

        assertThat(rendered).doesNotContain("@channel", "@here").contains("@\u200Bchannel");
    }
}
