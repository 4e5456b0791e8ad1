package dev.threadline.application.port;

import dev.threadline.domain.ResolvedTicket;
import java.util.List;

/**
 * The helpdesk's side of resolution learning: reading a solved ticket whole, and writing back its
 * resolution summary and tags (ERPNext: the Issue's {@code resolution_details} and its user tags,
 * docs/contracts/erpnext.md §7.5). Failures are those of {@link Helpdesk}.
 */
public interface ResolutionDesk {

    /** The ticket now, with its timeline. */
    ResolvedTicket read(String ticketId);

    /** Sets the ticket's resolution field to {@code text} (plain; the adapter escapes it). Callers write it only when empty. */
    void writeResolution(String ticketId, String text);

    /** Adds the tags to the ticket; a tag it has already is left as it is. */
    void addTags(String ticketId, List<String> tags);

    /** The helpdesk site these tickets live on: cases are never suggested across sites. */
    String site();
}
