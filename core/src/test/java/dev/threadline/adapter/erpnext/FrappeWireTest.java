package dev.threadline.adapter.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.domain.TicketStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the adapter: URL encoding, backoff, status and subject mapping. */
class FrappeWireTest {

    @Test
    void pathsEncodeDoctypesAndNames_andQueriesEncodeJson() {
        assertThat(FrappeCall.resource("Issue Priority", null)).isEqualTo("/api/resource/Issue%20Priority");
        assertThat(FrappeCall.resource("Custom Field", "Issue-custom_x")).isEqualTo("/api/resource/Custom%20Field/Issue-custom_x");
        assertThat(FrappeCall.resource("Issue", "A/B ü")).isEqualTo("/api/resource/Issue/A%2FB%20%C3%BC");

        FrappeCall call = FrappeCall.get("/api/resource/Issue", Map.of("filters", "[[\"a\",\"=\",\"x y\"]]"));
        assertThat(call.pathAndQuery()).isEqualTo("/api/resource/Issue?filters=%5B%5B%22a%22%2C%22%3D%22%2C%22x+y%22%5D%5D");
        assertThat(call.operation()).isEqualTo("GET /api/resource/Issue").doesNotContain("x y");
    }

    @Test
    void backoffGrowsExponentially_withinTheCap_jitteredBetweenHalfAndFull() {
        Duration base = Duration.ofMillis(200);
        Duration max = Duration.ofSeconds(2);

        assertThat(FrappeClient.backoff(1, base, max, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(FrappeClient.backoff(1, base, max, 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(FrappeClient.backoff(3, base, max, 1.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(FrappeClient.backoff(10, base, max, 1.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(FrappeClient.backoff(60, base, max, 0.5)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void issueStatusesMapToTicketStatuses_unknownOnesToOther() {
        assertThat(ErpNextHelpdesk.statusOf("Open")).isEqualTo(TicketStatus.OPEN);
        assertThat(ErpNextHelpdesk.statusOf("Replied")).isEqualTo(TicketStatus.REPLIED);
        assertThat(ErpNextHelpdesk.statusOf("On Hold")).isEqualTo(TicketStatus.ON_HOLD);
        assertThat(ErpNextHelpdesk.statusOf("Resolved")).isEqualTo(TicketStatus.RESOLVED);
        assertThat(ErpNextHelpdesk.statusOf("Closed")).isEqualTo(TicketStatus.CLOSED);
        assertThat(ErpNextHelpdesk.statusOf("Waiting on Vendor")).isEqualTo(TicketStatus.OTHER);
    }

    @Test
    void subjectsFitTheDataColumn_onOneLine_andAreNeverBlank() {
        assertThat(IssueHtml.subject("  Printer\n on   fire ")).isEqualTo("Printer on fire");
        assertThat(IssueHtml.subject(" ")).isEqualTo("WhatsApp message");
        String longOne = IssueHtml.subject("😀".repeat(200));
        assertThat(longOne.codePointCount(0, longOne.length())).isEqualTo(140);
        assertThat(longOne).endsWith("…");
        assertThat(IssueHtml.subject("x".repeat(140))).isEqualTo("x".repeat(140));
    }
}
