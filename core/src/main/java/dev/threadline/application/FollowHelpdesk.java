package dev.threadline.application;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Messenger;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Outbox;
import dev.threadline.application.port.SessionStore;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.EpisodeRule;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.OutboundReply.State;
import dev.threadline.domain.ServiceWindow;
import dev.threadline.domain.Session;
import dev.threadline.domain.SessionStatus;
import dev.threadline.domain.TicketRecord;
import dev.threadline.domain.TicketStatus;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ticket-fn's use case for the agents' side of the conversation: an agent's comment (a reply to send,
 * or an internal note to leave alone), a ticket's new status (which drives the session), WhatsApp's
 * reports on the replies sent, and the release of replies that waited for the customer.
 *
 * <p>Each runs in the customer's FIFO group, so it sees the session exactly as the customer's
 * messages before it left it. Every step is idempotent: Frappe and Meta both deliver at least once.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class FollowHelpdesk {

    private static final int MAX_CONFLICTS = 3;

    private final SessionStore sessions;
    private final Outbox outbox;
    private final SendReply send;
    private final ReplyPolicy replies;
    private final EpisodeRule episodes;
    private final Metrics metrics;
    private final Clock clock;

    public FollowHelpdesk(SessionStore sessions, Outbox outbox, Messenger messenger, Helpdesk helpdesk,
                          AgentNotifier notifier, Metrics metrics, ReplyPolicy replies, TicketPolicy policy, Clock clock) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.send = new SendReply(sessions, outbox, messenger, new MeasuredHelpdesk(helpdesk, metrics), notifier, metrics, clock);
        this.replies = replies;
        this.episodes = policy.episodes();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A change in the helpdesk. */
    public void apply(HelpdeskEvent event) {
        switch (event.kind()) {
            case COMMENT -> comment(event);
            case STATUS -> retryingConflicts(() -> status(event));
        }
    }

    /** WhatsApp's report on a message sent for a reply. */
    public void apply(DeliveryReport report) {
        OutboundReply reply = outbox.find(report.customer(), report.callback().replyKey());
        if (reply == null) {
            metrics.counts(Map.of("DeliveryReportsUnmatched", 1L));
            return;
        }
        send.report(report.customer(), reply, report);
    }

    /**
     * After the customer's turn: the window is open again, so the replies that waited for it are
     * sent now, oldest first. A reply leaves the session's list only once it got as far as it can.
     */
    public void releaseHeld(CustomerKey customer) {
        Session session = sessions.load(customer);
        List<String> held = session.agent().heldReplies();
        if (held.isEmpty() || !ServiceWindow.open(session.lastActivity(), clock.instant())) {
            return;
        }
        List<String> waiting = new ArrayList<>();
        for (String key : held) {
            OutboundReply reply = outbox.find(customer, key);
            if (reply != null && reply.state() == State.HELD) {
                reply = send.move(customer, reply, State.PENDING, null, null);
            }
            if (reply != null && send.advance(customer, reply).state() == State.HELD) {
                waiting.add(key);
            }
        }
        retryingConflicts(() -> {
            Session now = sessions.load(customer);
            List<String> keep = new ArrayList<>(now.agent().heldReplies());
            keep.removeIf(key -> held.contains(key) && !waiting.contains(key));
            sessions.replace(now, now.withAgent(now.agent().withHeld(keep)));
        });
    }

    /** A reply (the comment starts with the marker) goes into the outbox and out; a note stays in the helpdesk. */
    private void comment(HelpdeskEvent event) {
        String text = replies.replyIn(event.text());
        if (text == null || text.isEmpty()) {
            metrics.counts(Map.of("InternalNotesKept", 1L));
            return;
        }
        String key = new MessageRef("erpnext", "Comment/" + event.name()).digest().substring(0, 32);
        CustomerKey customer = event.customer();
        for (int attempt = 1; ; attempt++) {
            OutboundReply reply = outbox.find(customer, key);
            if (reply == null) {
                Session session = sessions.load(customer);
                Session.AgentSide agent = event.ticketId().equals(session.openTicketId())
                        ? session.agent().withLastReply(text, clock.instant()) : session.agent();
                reply = OutboundReply.pending(key, event.ticketId(), text, clock.instant());
                try {
                    outbox.record(session, session.withAgent(agent), reply, event.ref());
                } catch (ConflictException e) {
                    if (attempt >= MAX_CONFLICTS) {
                        throw e;
                    }
                    continue; // the session changed, or another worker recorded the reply: read again
                }
                metrics.counts(Map.of("RepliesQueued", 1L));
            }
            send.advance(customer, reply);
            return;
        }
    }

    /**
     * The ticket's status drives the session: closed ends the episode at once, reopened points the
     * session at the ticket again, resolved is remembered (the judge knows a follow-up may reopen it).
     * A change older than one already applied to the same ticket is ignored: Frappe does not order them.
     */
    private void status(HelpdeskEvent event) {
        Session session = sessions.load(event.customer());
        String applied = session.agent().ticketEvent();
        String prefix = event.ticketId() + "@";
        if (applied != null && applied.startsWith(prefix) && applied.substring(prefix.length()).compareTo(event.modified()) > 0) {
            metrics.counts(Map.of("HelpdeskEventsStale", 1L));
            return;
        }
        String key = prefix + event.modified();
        TicketStatus status = event.status();
        Instant now = clock.instant();
        boolean onOpenTicket = event.ticketId().equals(session.openTicketId()) && session.status() == SessionStatus.ACTIVE;
        if (onOpenTicket) {
            if (session.pending() != null) {
                throw new ThreadMessages.SessionBusyException("a turn on this ticket is still being applied", null);
            }
            Session marked = session.withAgent(session.agent().withTicketEvent(key, null)).withTicketStatusSeen(status);
            sessions.replace(session, marked);
            if (status.endsEpisode()) {
                sessions.close(marked, now);
                metrics.counts(Map.of("SessionsClosedByHelpdesk", 1L));
            }
        } else if (!status.endsEpisode() && status != TicketStatus.RESOLVED && episodes.ended(session, now) != null) {
            // An agent reopened a ticket while the customer has no active episode: the next message continues it.
            Instant openedAt = sessions.tickets(event.customer()).stream().filter(t -> t.ticketId().equals(event.ticketId()))
                    .map(TicketRecord::openedAt).findFirst().orElse(now);
            sessions.replace(session, session.reopened(event.ticketId(), openedAt, status, key, now));
            metrics.counts(Map.of("SessionsReopenedByHelpdesk", 1L));
        } else {
            metrics.counts(Map.of("HelpdeskEventsIgnored", 1L));
        }
    }

    private static void retryingConflicts(Runnable step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (ConflictException e) {
                if (attempt >= MAX_CONFLICTS) {
                    throw e;
                }
            }
        }
    }
}
