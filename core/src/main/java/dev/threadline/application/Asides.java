package dev.threadline.application;

import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.Content;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Decision.Kind;
import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.EpisodeRule;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.PendingEffect;
import dev.threadline.domain.PendingEffect.NoteOnTicket;
import dev.threadline.domain.Session;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Messages that are no conversation of their own ({@link Content#opensTicket()} is false): a reaction,
 * a sticker, a message WhatsApp does not pass on, a number change. They never open a ticket and never
 * reach the judge. On a ticket whose episode is open, a sticker is posted like any message (its file is
 * attached) and the others become one internal note each; with no such ticket they are only recorded as
 * applied, so a redelivery is dropped. A removed reaction says nothing and is only recorded.
 */
final class Asides {

    private final SessionStore sessions;
    private final ApplyEffect effects;
    private final EpisodeRule episodes;
    private final Metrics metrics;
    private final Clock clock;

    Asides(SessionStore sessions, ApplyEffect effects, TicketPolicy policy, Metrics metrics, Clock clock) {
        this.sessions = sessions;
        this.effects = effects;
        this.episodes = policy.episodes();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A sticker on an open ticket, as a post decided by rule; {@code null} for every other aside. */
    PlanTurn.Part asPost(Session session, InboundMessage m) {
        if (!(m.content() instanceof Content.Media) || openTicket(session, m) == null) {
            return null;
        }
        metrics.counts(Map.of("StickersPosted", 1L));
        return new PlanTurn.Part(List.of(m), new Decision(Kind.SAME, Stage.RULE, null, "sticker-on-open-ticket", 0),
                null, null, null);
    }

    /** Notes the message on the open ticket, or records it as applied when there is nothing to note it on. */
    Outcome apply(Session session, InboundMessage m) {
        Content content = m.content();
        metrics.counts(Map.of(metric(content), 1L));
        String ticket = openTicket(session, m);
        String newPhone = content instanceof Content.IdentityChanged changed ? changed.newPhone() : null;
        String text = content.text();
        PendingEffect.Turn turn = new PendingEffect.Turn(List.of(m.messageId()), m.sentAt(), newPhone, clock.instant(),
                List.of());
        if (ticket == null || text == null) {
            if (text != null) {
                metrics.counts(Map.of("AsidesWithoutTicket", 1L));
            }
            sessions.complete(session, session.withApplied(turn.messageIds(), newPhone), null, null, null, List.of(m.ref()));
            return new Outcome.Skipped(turn.messageIds(), false);
        }
        // Part of the note's text, so a replay after a crash can tell whether the note was added.
        String marker = "ref " + m.ref().digest().substring(0, 16);
        Session claimed = session.withPending(new NoteOnTicket(turn, ticket, marker, text + " (" + marker + ")"));
        sessions.replace(session, claimed);
        return effects.apply(claimed, false, List.of()); // a note carries no file
    }

    /** The ticket an aside at the message's time belongs to: the open one, while its episode lasts. */
    private String openTicket(Session session, InboundMessage m) {
        boolean ended = episodes.ended(session, m.sentAt()) != null || episodes.endedBy(session.ticketStatusSeen()) != null;
        return ended ? null : session.openTicketId();
    }

    /** Literal names, so the dashboard's references can be checked against the code. */
    private static String metric(Content content) {
        return switch (content) {
            case Content.Reaction r -> "ReactionsReceived";
            case Content.IdentityChanged c -> "IdentityChanges";
            case Content.Media sticker -> "StickersWithoutTicket";
            default -> "UnshownMessages";
        };
    }
}
