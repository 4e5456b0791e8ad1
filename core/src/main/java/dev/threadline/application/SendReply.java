package dev.threadline.application;

import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Notice;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.Messenger;
import dev.threadline.application.port.Messenger.MessengerUnavailableException;
import dev.threadline.application.port.Messenger.Recipient;
import dev.threadline.application.port.Messenger.SendResult;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.Outbox;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DeliveryReport;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.OutboundReply.State;
import dev.threadline.domain.ReplyCallback;
import dev.threadline.domain.ServiceWindow;
import dev.threadline.domain.Session;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves an agent's reply through the outbox ({@link OutboundReply}'s states), one conditional step
 * at a time, and keeps the ticket's note about it current.
 *
 * <p>The guarantee: <b>each reply is sent at most once, and never silently lost.</b> WhatsApp has no
 * idempotency key, so the reply is marked SENDING before the call. A crash after that mark cannot
 * tell whether Meta took the message: the reply becomes UNKNOWN, is never sent again, and the ticket
 * and the team are told; a later status webhook for it reconciles it. Only answers in which Meta
 * says it did not take the message (rate limits, temporary errors, 131047) lead to another attempt.
 */
final class SendReply {

    private final SessionStore sessions;
    private final Outbox outbox;
    private final Messenger messenger;
    private final Helpdesk helpdesk;
    private final AgentNotifier notifier;
    private final Metrics metrics;
    private final Clock clock;

    SendReply(SessionStore sessions, Outbox outbox, Messenger messenger, Helpdesk helpdesk, AgentNotifier notifier,
              Metrics metrics, Clock clock) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.messenger = messenger;
        this.helpdesk = helpdesk;
        this.notifier = notifier;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Takes the reply as far as it can go now, then brings the ticket's note up to date. */
    OutboundReply advance(CustomerKey customer, OutboundReply reply) {
        OutboundReply now = switch (reply.state()) {
            case PENDING -> attempt(customer, reply);
            case SENDING -> move(customer, reply, State.UNKNOWN, null,
                    "the send was interrupted before WhatsApp's answer was recorded");
            case TEMPLATE_SENDING -> move(customer, reply, State.HELD, null,
                    "waiting for the customer to write; the re-engagement template may not have been sent");
            default -> reply;
        };
        return note(customer, now);
    }

    /** Applies WhatsApp's status of a message sent for the reply. */
    void report(CustomerKey customer, OutboundReply reply, DeliveryReport report) {
        OutboundReply now = reply;
        if (report.callback().template()) {
            if (report.failed() && reply.state() == State.HELD) {
                now = move(customer, reply, State.HELD, null, "waiting for the customer to write; WhatsApp could not deliver "
                        + "the re-engagement template: " + error(report));
            }
        } else if (report.failed()) {
            boolean outsideWindow = report.errorCode() != null && (report.errorCode() == 131047 || report.errorCode() == 470);
            if (outsideWindow && reply.state().sentOrMaybe()) {
                now = hold(customer, reply);
            } else if (reply.state() != State.FAILED) {
                now = move(customer, reply, State.FAILED, report.wamid(), "WhatsApp could not deliver it: " + error(report));
            }
        } else {
            State reached = switch (report.status()) {
                case "sent" -> State.SENT;
                case "delivered" -> State.DELIVERED;
                default -> State.READ; // read, played
            };
            if (rank(reached) > rank(reply.state())) {
                now = move(customer, reply, reached, report.wamid(), null);
            }
        }
        note(customer, now);
    }

    private OutboundReply attempt(CustomerKey customer, OutboundReply reply) {
        Session session = sessions.load(customer);
        if (session.phone() == null) {
            return move(customer, reply, State.FAILED, null, "the customer has no phone number WhatsApp can send to");
        }
        if (!ServiceWindow.open(session.lastActivity(), clock.instant())) {
            return hold(customer, reply);
        }
        OutboundReply sending = move(customer, reply, State.SENDING, null, null);
        SendResult result;
        try {
            result = messenger.sendText(recipient(customer, session), reply.text(),
                    new ReplyCallback(reply.ticketId(), reply.key(), false).encode());
        } catch (MessengerUnavailableException e) {
            move(customer, sending, State.PENDING, null, e.getMessage()); // nothing was sent: a retry may send
            throw e;
        }
        return switch (result) {
            case SendResult.Accepted accepted -> move(customer, sending, State.SENT, accepted.wamid(), null);
            case SendResult.Refused refused when refused.outsideWindow() -> hold(customer, sending);
            case SendResult.Refused refused -> move(customer, sending, State.FAILED, null,
                    "WhatsApp refused it: " + refused.reason() + " (" + refused.code() + ")");
            case SendResult.Unknown unknown -> move(customer, sending, State.UNKNOWN, null, unknown.reason());
        };
    }

    /**
     * Outside the window: the text waits in the outbox, and WhatsApp's template asks the customer to
     * write. The session lists it first, so that the customer's next message releases it.
     */
    OutboundReply hold(CustomerKey customer, OutboundReply reply) {
        Session session = sessions.load(customer);
        if (session.phone() == null) {
            return move(customer, reply, State.FAILED, null, "the customer has no phone number WhatsApp can send to");
        }
        for (int attempt = 1; !session.agent().heldReplies().contains(reply.key()); attempt++) {
            List<String> held = session.agent().heldReplies();
            if (held.size() >= Session.AgentSide.MAX_HELD) {
                return move(customer, reply, State.FAILED, null, "too many replies are already waiting for this customer");
            }
            List<String> more = new ArrayList<>(held);
            more.add(reply.key());
            try {
                sessions.replace(session, session.withAgent(session.agent().withHeld(more)));
                break;
            } catch (SessionStore.ConflictException e) {
                // The session changed (a sweep, a status event): read it again rather than write over it. The
                // reply may be SENDING after Meta's 131047, so failing here would later read as "unknown".
                if (attempt >= 3) {
                    throw e;
                }
                session = sessions.load(customer);
            }
        }
        OutboundReply sending = move(customer, reply, State.TEMPLATE_SENDING, null, null);
        SendResult result;
        try {
            result = messenger.sendTemplate(recipient(customer, session), Map.of("ticket", reply.ticketId()),
                    new ReplyCallback(reply.ticketId(), reply.key(), true).encode());
        } catch (MessengerUnavailableException e) {
            move(customer, sending, State.PENDING, null, e.getMessage());
            throw e;
        }
        String waiting = "waiting for the customer to write (over 24 hours since their last message, WhatsApp allows only "
                + "a template); ";
        metrics.counts(Map.of("RepliesHeld", 1L));
        if (!(result instanceof SendResult.Accepted)) {
            // The text still waits, but nothing may bring the customer back: the team should know now.
            notifier.notify(new Notice.ReplyNotDelivered(new Notice.Ticket(reply.ticketId(), helpdesk.linkTo(reply.ticketId())),
                    false, "outside WhatsApp's 24-hour window, and the re-engagement template did not go out"));
        }
        return move(customer, sending, State.HELD, null, waiting + switch (result) {
            case SendResult.Accepted accepted -> "the re-engagement template was sent";
            case SendResult.Refused refused -> "WhatsApp refused the re-engagement template: " + refused.reason() + " ("
                    + refused.code() + ")";
            case SendResult.Unknown unknown -> "the re-engagement template may not have been sent (" + unknown.reason() + ")";
        });
    }

    /** Stores the reply's next state, conditional on the version read, and counts it. */
    OutboundReply move(CustomerKey customer, OutboundReply reply, State next, String wamid, String reason) {
        OutboundReply moved = reply.to(next, wamid, reason);
        outbox.update(customer, reply, moved);
        String metric = switch (next) {
            case SENT -> "RepliesSent";
            case FAILED -> "RepliesFailed";
            case UNKNOWN -> "RepliesUnknown";
            default -> null;
        };
        if (metric != null) {
            metrics.counts(Map.of(metric, 1L));
        }
        return moved;
    }

    /** Brings the ticket's note in line with the reply's state; tells the team when it did not arrive. */
    private OutboundReply note(CustomerKey customer, OutboundReply reply) {
        if (reply.state() == reply.notedState() || reply.state() == State.PENDING || reply.state() == State.SENDING
                || reply.state() == State.TEMPLATE_SENDING) {
            return reply;
        }
        String noteId = helpdesk.updateNote(reply.ticketId(), reply.noteId(), ReplyNotes.text(reply, clock.instant()));
        OutboundReply noted = reply.noted(noteId);
        outbox.update(customer, reply, noted);
        if (reply.state() == State.FAILED || reply.state() == State.UNKNOWN) {
            notifier.notify(new Notice.ReplyNotDelivered(new Notice.Ticket(reply.ticketId(), helpdesk.linkTo(reply.ticketId())),
                    reply.state() == State.FAILED, reply.reason()));
        }
        return noted;
    }

    private static Recipient recipient(CustomerKey customer, Session session) {
        return new Recipient(customer.phoneNumberId(), session.phone());
    }

    private static int rank(State state) {
        return switch (state) {
            case SENT -> 1;
            case DELIVERED -> 2;
            case READ -> 3;
            case SENDING, UNKNOWN -> 0;
            default -> Integer.MAX_VALUE; // PENDING, HELD, FAILED...: a status for an earlier message never moves them
        };
    }

    private static String error(DeliveryReport report) {
        return (report.errorTitle() == null ? "error" : report.errorTitle())
                + (report.errorCode() == null ? "" : " (" + report.errorCode() + ")");
    }
}
