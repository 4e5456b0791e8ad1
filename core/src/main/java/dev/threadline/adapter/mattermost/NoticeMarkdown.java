package dev.threadline.adapter.mattermost;

import dev.threadline.application.port.Notice;

/**
 * A notice as Mattermost shows it: markdown, with the ticket as a link. The one place that knows
 * either. Customer-derived text (a summary) and reasons are escaped, so a message cannot plant a
 * link, emphasis or a table in the team's channel, nor notify it with {@code @channel} (whatsapp.md §8.1).
 */
final class NoticeMarkdown {

    /**
     * The characters that start markdown inside a line (emphasis, code, links, autolinks, tables,
     * strike-through); Mattermost honours a backslash before each (CommonMark). Line-start syntax
     * (headings, lists) cannot occur: every notice starts with fixed text.
     */
    private static final String SPECIAL = "\\`*_[]()<>|~";

    private NoticeMarkdown() {}

    static String render(Notice notice) {
        return switch (notice) {
            case Notice.TicketOpened opened -> "New ticket " + link(opened.ticket()) + ": **" + escape(opened.summary())
                    + "** (priority " + opened.priority().label() + ")";
            case Notice.NeedsTriage triage -> "Ticket " + link(triage.ticket())
                    + " needs triage: the classification was uncertain or unavailable.";
            case Notice.AppendedByDefault appended -> "Added a message to " + link(appended.ticket())
                    + " by default: the SAME/NEW judge was unavailable or unsure. Please check.";
            case Notice.TicketBudgetReached budget -> "A customer reached " + budget.perDay() + " new tickets today:"
                    + " further new issues from them go to " + link(budget.ticket()) + ", flagged. Check for a flood.";
            case Notice.DeadLettered dead -> dead.messages() + " WhatsApp message(s) could not be turned into a ticket"
                    + " and were moved to the dead-letter queue: " + escape(dead.reason());
            case Notice.ReplyNotDelivered reply -> "A reply on " + link(reply.ticket())
                    + (reply.certain() ? " did not reach" : " may not have reached") + " the customer on WhatsApp: "
                    + escape(reply.reason()) + ". The ticket has a note.";
        };
    }

    private static String link(Notice.Ticket ticket) {
        return "[" + escape(ticket.id()) + "](" + ticket.url().replace(")", "%29").replace(" ", "%20") + ")";
    }

    /**
     * Backslash before every markdown special character; line breaks become spaces (a notice is one
     * line); a zero-width space after each {@code @}, so no mention ({@code @here}, {@code @user}) fires.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else if (c == '@') {
                out.append("@\u200B");
            } else {
                if (c < 128 && SPECIAL.indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
