package dev.threadline.faults;

import dev.threadline.adapter.erpnext.ErpNextHelpdesk;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.domain.TicketStatus;
import dev.threadline.domain.Transcript;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.faults.Scenario.Route;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real ERPNext adapter, in front of which poisoned messages are refused for good: whenever
 * ticket-fn is about to write a ticket or post that carries a poisoned message id, the ERPNext fake is
 * armed to answer that very POST with HTTP 417 {@code ValidationError}, so the refusal travels the
 * real path (Frappe error body, {@code FrappeClient}, {@code ErpNextRejection}, the permanent-failure
 * branch of {@code ThreadMessages}, the DLQ). Any other armed ERPNext fault is cleared first, so the
 * 417 is the answer to this call and not to somebody else's.
 *
 * <p>The poison is permanent (every retry is refused again), like a real validation error; what was
 * refused is recorded: the message ids of each refused write.
 */
@Singleton
@Primary
@Requires(property = "threadline.faults.ticket", value = "true")
class PoisonedHelpdesk implements Helpdesk {

    private final ErpNextHelpdesk erpnext;
    private final List<List<String>> refused = new CopyOnWriteArrayList<>();
    private volatile ErpNextFake site;
    private volatile Set<String> poisoned = Set.of();

    PoisonedHelpdesk(ErpNextHelpdesk erpnext) {
        this.erpnext = erpnext;
    }

    void poison(ErpNextFake fake, Set<String> messageIds) {
        this.site = fake;
        this.poisoned = Set.copyOf(messageIds);
    }

    /** The message ids of every write that was refused, in order. */
    List<List<String>> refused() {
        return List.copyOf(refused);
    }

    @Override
    public TicketRef openTicket(NewTicket ticket) {
        refuseIfPoisoned(Route.CREATE_ISSUE, ticket.transcript());
        return erpnext.openTicket(ticket);
    }

    @Override
    public void append(String ticketId, TicketPost post) {
        refuseIfPoisoned(Route.CREATE_COMMUNICATION, post.transcript());
        erpnext.append(ticketId, post);
    }

    @Override
    public TicketStatus status(String ticketId) {
        return erpnext.status(ticketId);
    }

    @Override
    public boolean hasPost(String ticketId, String postKey) {
        return erpnext.hasPost(ticketId, postKey);
    }

    @Override
    public String addNote(String ticketId, String text) {
        return erpnext.addNote(ticketId, text);
    }

    @Override
    public boolean hasNote(String ticketId, String marker) {
        return erpnext.hasNote(ticketId, marker);
    }

    @Override
    public String updateNote(String ticketId, String noteId, String text) {
        return erpnext.updateNote(ticketId, noteId, text);
    }

    @Override
    public String linkTo(String ticketId) {
        return erpnext.linkTo(ticketId);
    }

    @Override
    public String attach(String ticketId, Attachment attachment) {
        return erpnext.attach(ticketId, attachment);
    }

    @Override
    public boolean hasAttachment(String ticketId, String fileName) {
        return erpnext.hasAttachment(ticketId, fileName);
    }

    private void refuseIfPoisoned(Route route, Transcript transcript) {
        List<String> ids = transcript.lines().stream().map(Transcript.Line::messageId).toList();
        if (site != null && ids.stream().anyMatch(poisoned::contains)) {
            site.faults().clear();
            site.faults().matching(route.method, route.path).failNext(1, 417);
            refused.add(ids);
        }
    }
}
