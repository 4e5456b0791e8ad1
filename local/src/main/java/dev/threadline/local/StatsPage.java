package dev.threadline.local;

import static dev.threadline.application.port.DailyStats.DECISION_PREFIX;
import static dev.threadline.application.port.DailyStats.STAGE_PREFIX;

import dev.threadline.application.port.DailyStats;
import java.util.List;
import java.util.Map;

/**
 * The {@code /stats} page: a few numbers to read, a bar chart of tickets per day and two share bars
 * to look at. Inline SVG and CSS only, so it works offline and in a headless browser. Every value on
 * it is a count or a date; no customer text reaches it. Elements carry {@code data-stat} names so
 * that a browser test can find them.
 */
final class StatsPage {

    private static final String[] KIND_COLOURS = {"#2f6fde", "#3aa76d", "#e39b22"};
    private static final String[] STAGE_COLOURS = {"#7a869a", "#2f6fde", "#8e44ad", "#d64541"};

    private StatsPage() {}

    static String render(StatsReport r) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Threadline stats</title>
                <style>
                body{font:15px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#f6f7f9}
                h1{font-size:22px;margin:0 0 4px}.sub{color:#5b6475;margin:0 0 20px}
                .cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:20px}
                .card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:12px 16px;min-width:140px}
                .card b{display:block;font-size:26px}.card span{color:#5b6475;font-size:13px}
                section{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:12px 16px;margin-bottom:16px}
                h2{font-size:16px;margin:0 0 8px}.legend span{margin-right:14px;font-size:13px}
                .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
                .note{color:#5b6475;font-size:13px}
                </style></head><body>
                """);
        html.append("<h1>Threadline stats</h1><p class=\"sub\">").append(r.days().get(0).date()).append(" to ")
                .append(r.days().get(r.days().size() - 1).date()).append(" (UTC); open sessions and the dead-letter queue are now</p>\n");
        html.append("<div class=\"cards\">");
        card(html, "tickets-opened", Long.toString(r.total(DailyStats.TICKETS_OPENED)), "tickets opened");
        card(html, "open-sessions", Long.toString(r.openSessions()), "open sessions");
        card(html, "dead-lettered", Long.toString(r.deadLettered()), "jobs in the dead-letter queue");
        card(html, "triage-rate", percent(r.triageRate()), "of tickets need triage");
        card(html, "fallback-rate", percent(r.fallbackRate()), "judge fallbacks (of SAME/NEW)");
        DailyStats.FirstReplyTimes replies = r.firstReplies();
        card(html, "first-reply", replies.count() == 0 ? "–" : StatsReport.within(replies.medianWithinMinutes()),
                replies.count() == 0 ? "time to first agent reply (none yet)"
                        : "median time to first agent reply (" + r.firstReplyText() + ")");
        html.append("</div>\n");
        html.append("<section data-stat=\"tickets-per-day\"><h2>Tickets opened per day</h2>");
        ticketChart(html, r.days());
        html.append("</section>\n<section data-stat=\"decisions\"><h2>Decisions: ").append(r.decisions())
                .append("</h2>");
        shareBar(html, r.counts(DECISION_PREFIX, StatsReport.KINDS), KIND_COLOURS, r.decisions());
        html.append("<p class=\"note\">FIRST: the rule opened a ticket (no session, idle, ticket closed). SAME: added to the open"
                + " ticket. NEW: a new issue mid-conversation, a new ticket. A burst of messages shares one decision.</p></section>\n");
        html.append("<section data-stat=\"stages\"><h2>Decided by</h2>");
        shareBar(html, r.counts(STAGE_PREFIX, StatsReport.STAGES), STAGE_COLOURS, r.decisions());
        html.append("</section>\n<p class=\"note\">Also as text: <code>./threadline stats --days ").append(r.days().size())
                .append("</code>; as JSON: <code>/ops/stats?days=").append(r.days().size()).append("</code></p></body></html>\n");
        return html.toString();
    }

    private static void card(StringBuilder html, String stat, String value, String label) {
        html.append("<div class=\"card\"><b data-stat=\"").append(stat).append("\">").append(value)
                .append("</b><span>").append(label).append("</span></div>");
    }

    private static String percent(Long value) {
        return value == null ? "–" : value + " %";
    }

    /** One bar per day, labelled with its count; the y axis is the busiest day. */
    private static void ticketChart(StringBuilder html, List<DailyStats.Day> days) {
        int barWidth = Math.max(8, Math.min(48, 640 / days.size() - 6));
        int width = days.size() * (barWidth + 6) + 10;
        int height = 150;
        long max = Math.max(1, days.stream().mapToLong(d -> d.get(DailyStats.TICKETS_OPENED)).max().orElse(1));
        html.append("<svg role=\"img\" aria-label=\"tickets opened per day\" width=\"").append(width)
                .append("\" height=\"").append(height + 36).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height + 36).append("\">");
        html.append("<line x1=\"5\" y1=\"").append(height).append("\" x2=\"").append(width - 5).append("\" y2=\"")
                .append(height).append("\" stroke=\"#b8bfcc\"/>");
        for (int i = 0; i < days.size(); i++) {
            DailyStats.Day d = days.get(i);
            long n = d.get(DailyStats.TICKETS_OPENED);
            int h = (int) Math.round((height - 20) * (double) n / max);
            int x = 8 + i * (barWidth + 6);
            html.append("<g data-day=\"").append(d.date()).append("\" data-tickets=\"").append(n).append("\">")
                    .append("<rect x=\"").append(x).append("\" y=\"").append(height - h).append("\" width=\"").append(barWidth)
                    .append("\" height=\"").append(h).append("\" fill=\"#2f6fde\" rx=\"2\"><title>").append(d.date()).append(": ")
                    .append(n).append(" tickets</title></rect>")
                    .append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(height - h - 4)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(n).append("</text>");
            if (days.size() <= 14 || i % (days.size() / 7) == 0) {
                html.append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(height + 16)
                        .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6475\">")
                        .append(d.date().toString().substring(5)).append("</text>");
            }
            html.append("</g>");
        }
        html.append("</svg>");
    }

    /** A horizontal bar split by share, with a legend of counts and percentages. */
    private static void shareBar(StringBuilder html, Map<String, Long> counts, String[] colours, long whole) {
        html.append("<svg role=\"img\" aria-label=\"shares\" width=\"640\" height=\"24\" viewBox=\"0 0 640 24\">")
                .append("<rect width=\"640\" height=\"24\" fill=\"#eceef2\" rx=\"4\"/>");
        double x = 0;
        int c = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            double w = whole == 0 ? 0 : 640.0 * e.getValue() / whole;
            html.append(String.format("<rect data-share=\"%s\" x=\"%.1f\" width=\"%.1f\" height=\"24\" fill=\"%s\"/>",
                    e.getKey(), x, w, colours[c++ % colours.length]));
            x += w;
        }
        html.append("</svg><div class=\"legend\">");
        c = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            Long p = StatsReport.percent(e.getValue(), whole);
            html.append("<span data-count=\"").append(e.getKey()).append("\"><i style=\"background:")
                    .append(colours[c++ % colours.length]).append("\"></i>").append(StatsReport.label(e.getKey())).append(' ')
                    .append(e.getValue()).append(p == null ? "" : " (" + p + " %)").append("</span>");
        }
        html.append("</div>");
    }
}
