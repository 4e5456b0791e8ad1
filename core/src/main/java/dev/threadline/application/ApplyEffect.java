package dev.threadline.application;

import dev.threadline.application.ThreadMessages.TurnRefusedException;
import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Notice;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Helpdesk.PermanentHelpdeskException;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.PendingEffect;
import dev.threadline.domain.PendingEffect.AppendToTicket;
import dev.threadline.domain.PendingEffect.NoteOnTicket;
import dev.threadline.domain.PendingEffect.OpenTicket;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketRecord;
import dev.threadline.domain.TicketStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The second half of the exactly-once protocol: performs a claimed effect in the helpdesk, completes
 * the session (ticket history and ledger marks in the same write), then tells the team. On a
 * permanent refusal it clears the claim; on a clean failure it releases the claim's lease; on an
 * unknown outcome it keeps the lease, so whoever finishes the effect checks the helpdesk first.
 */
final class ApplyEffect {

    private final SessionStore sessions;
    private final Helpdesk helpdesk;
    private final AgentNotifier notifier;
    private final Metrics metrics;
    /** Set in ticket-fn; {@code null} where tests build ThreadMessages by hand. */
    private AttachMedia media;

    ApplyEffect(SessionStore sessions, Helpdesk helpdesk, AgentNotifier notifier, Metrics metrics) {
        this.sessions = sessions;
        this.helpdesk = helpdesk;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    void media(AttachMedia media) {
        this.media = media;
    }

    /**
     * Performs the claimed effect and completes the session.
     *
     * @param recovering the effect may already have happened: check before posting
     * @param messages the turn's messages as queued (a replay gets them again from the redelivered job)
     */
    Outcome apply(Session claimed, boolean recovering, List<InboundMessage> messages) {
        PendingEffect effect = claimed.pending();
        PendingEffect.Turn turn = effect.turn();
        List<MessageRef> refs = turn.messageIds().stream()
                .map(id -> new MessageRef(claimed.customer().phoneNumberId(), id)).toList();
        try {
            return switch (effect) {
                case OpenTicket open -> {
                    String ticketId = helpdesk.openTicket(new Helpdesk.NewTicket(open.summary(), open.customerName(),
                            open.transcript(), open.priority(), open.issueType(), claimed.customer(), turn.phone(),
                            open.idempotencyKey(), open.needsTriage())).id();
                    attachMedia(ticketId, claimed, turn, messages, recovering);
                    Session next = claimed.afterApplying(turn.phone(), ticketId, open.openedAt(), open.summary(),
                            turn.lastMessageAt(), TicketStatus.OPEN, turn.messageIds(), turn.texts());
                    TicketRecord previous = claimed.openTicketId() == null || claimed.openTicketId().equals(ticketId) ? null
                            : new TicketRecord(claimed.openTicketId(), null, claimed.openTicketOpenedAt(), null);
                    sessions.complete(claimed, next, new TicketRecord(ticketId, turn.messageIds().get(0), open.openedAt(), null),
                            previous, open.openedAt(), refs);
                    metrics.counts(Map.of("TicketsCreated", 1L, "MessagesApplied", (long) refs.size()));
                    Notice.Ticket ticket = new Notice.Ticket(ticketId, helpdesk.linkTo(ticketId));
                    notifier.notify(new Notice.TicketOpened(ticket, open.summary(), open.priority()));
                    if (open.needsTriage()) {
                        notifier.notify(new Notice.NeedsTriage(ticket));
                    }
                    yield new Outcome.Opened(turn.messageIds(), ticketId, !next.agent().heldReplies().isEmpty());
                }
                case AppendToTicket append -> {
                    if (!recovering || !helpdesk.hasPost(append.ticketId(), append.postKey())) {
                        helpdesk.append(append.ticketId(), new Helpdesk.TicketPost(append.postKey(), append.transcript(),
                                append.flagged(), turn.phone()));
                    }
                    attachMedia(append.ticketId(), claimed, turn, messages, recovering);
                    TicketStatus after = append.reopens() ? TicketStatus.OPEN : claimed.ticketStatusSeen();
                    Session next = claimed.afterApplying(turn.phone(), append.ticketId(), claimed.openTicketOpenedAt(),
                            claimed.lastIssueSummary(), turn.lastMessageAt(), after, turn.messageIds(), turn.texts());
                    sessions.complete(claimed, next, null, null, null, refs);
                    metrics.counts(Map.of("PostsAppended", 1L, "MessagesApplied", (long) refs.size()));
                    if (append.flagged()) {
                        notifier.notify(new Notice.AppendedByDefault(
                                new Notice.Ticket(append.ticketId(), helpdesk.linkTo(append.ticketId()))));
                    }
                    yield new Outcome.Appended(turn.messageIds(), append.ticketId(), !next.agent().heldReplies().isEmpty());
                }
                case NoteOnTicket note -> {
                    if (!recovering || !helpdesk.hasNote(note.ticketId(), note.marker())) {
                        helpdesk.addNote(note.ticketId(), note.text());
                    }
                    Session next = claimed.withApplied(turn.messageIds(), turn.phone());
                    sessions.complete(claimed, next, null, null, null, refs);
                    metrics.counts(Map.of("AsidesNoted", (long) refs.size()));
                    yield new Outcome.Noted(turn.messageIds(), note.ticketId(), !next.agent().heldReplies().isEmpty());
                }
            };
        } catch (PermanentHelpdeskException e) {
            // The effect can never succeed: clear it so the customer's later messages are not blocked.
            // Its messages go to the dead-letter queue with the reason; a redrive applies them afresh.
            sessions.replace(claimed, claimed.withoutPending());
            throw new TurnRefusedException(turn.messageIds(), e);
        } catch (Helpdesk.OutcomeUnknownException e) {
            // The helpdesk may still apply the effect: keep the claim's lease, so that whoever finishes the
            // effect does so only after the lease, and checks the helpdesk first.
            throw e;
        } catch (RuntimeException e) {
            // Failed cleanly (nothing in flight any more): release the claim so a retry need not wait for
            // the lease. Best effort; if this write fails too, the lease expires on its own.
            try {
                sessions.replace(claimed, claimed.withPending(effect.reclaimed(Instant.EPOCH)));
            } catch (RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    /**
     * The turn's files go to the ticket after its text and before the session completes, so a crash in between replays them, and AttachMedia's name check keeps them single.
     */
    private void attachMedia(String ticketId, Session claimed, PendingEffect.Turn turn, List<InboundMessage> messages,
                             boolean recovering) {
        if (media != null) {
            media.attach(ticketId, claimed.customer().phoneNumberId(),
                    messages.stream().filter(m -> turn.messageIds().contains(m.messageId())).toList(), recovering);
        }
    }
}
