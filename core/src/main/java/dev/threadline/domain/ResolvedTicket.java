package dev.threadline.domain;

import java.util.List;

/**
 * A ticket as the helpdesk has it when it is resolved: everything a resolution summary is made of.
 * All text is plain (the adapter strips the helpdesk's HTML) and untrusted.
 *
 * @param status the ticket's status now (not the event's: events arrive out of order)
 * @param subject the opening summary
 * @param issueType the helpdesk's type, or {@code null}
 * @param resolutionDetails the ticket's own resolution field, {@code ""} when empty
 * @param tags the ticket's tags, as the helpdesk stores them
 * @param customerMessages the customer's messages on the ticket, oldest first
 * @param agentComments the agents' comments (customer-visible replies and internal notes, not
 *     Threadline's own notes), oldest first, as written (with the reply marker)
 */
public record ResolvedTicket(String ticketId, TicketStatus status, String subject, String issueType,
                             String resolutionDetails, List<String> tags, List<String> customerMessages,
                             List<String> agentComments) {

    public ResolvedTicket {
        subject = subject == null ? "" : subject;
        resolutionDetails = resolutionDetails == null ? "" : resolutionDetails.strip();
        tags = tags == null ? List.of() : List.copyOf(tags);
        customerMessages = customerMessages == null ? List.of() : List.copyOf(customerMessages);
        agentComments = agentComments == null ? List.of() : List.copyOf(agentComments);
    }

    /** Whether the ticket is solved now: Resolved or Closed. */
    public boolean solved() {
        return status == TicketStatus.RESOLVED || status == TicketStatus.CLOSED;
    }
}
