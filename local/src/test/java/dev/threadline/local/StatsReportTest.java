package dev.threadline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.port.DailyStats;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the time to first agent reply reads in {@code ./threadline stats}, its JSON and the {@code /stats} page. */
class StatsReportTest {

    private static final LocalDate DAY = LocalDate.parse("2026-12-06");

    @Test
    void firstReplies_readAsMedianP90AndMean_overTheDays() {
        StatsReport report = new StatsReport(List.of(
                new DailyStats.Day(DAY.minusDays(1), Map.of(DailyStats.FIRST_REPLIES, 1L, DailyStats.FIRST_REPLY_SECONDS, 240L,
                        "first_reply_within_5m", 1L)),
                new DailyStats.Day(DAY, Map.of(DailyStats.FIRST_REPLIES, 1L, DailyStats.FIRST_REPLY_SECONDS, 2580L,
                        "first_reply_within_60m", 1L))), 0, 0);

        assertThat(report.text()).contains("First agent reply    median within 5 min, 90 % within 60 min (mean 24 min), 2 tickets");
        assertThat(report.json().get("time_to_first_agent_reply")).isEqualTo(Map.of("tickets", 2L, "mean_seconds", 1410L,
                "median_within_minutes", 5, "p90_within_minutes", 60));
        assertThat(StatsPage.render(report)).contains("data-stat=\"first-reply\">within 5 min<");
    }

    @Test
    void noReplies_sayNoneYet_andRepliesPastTheLastBound_sayOver() {
        StatsReport none = new StatsReport(List.of(new DailyStats.Day(DAY, Map.of())), 0, 0);
        StatsReport late = new StatsReport(List.of(new DailyStats.Day(DAY, Map.of(DailyStats.FIRST_REPLIES, 1L,
                DailyStats.FIRST_REPLY_SECONDS, 200_000L, DailyStats.FIRST_REPLY_OVER, 1L))), 0, 0);

        assertThat(none.text()).contains("First agent reply    none yet");
        assertThat(none.json().get("time_to_first_agent_reply")).isEqualTo(Map.of("tickets", 0L));
        assertThat(late.text()).contains("median over 48 h, 90 % over 48 h (mean 55.6 h), 1 ticket");
    }
}
