package dev.threadline.application;

import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerProfile;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Session;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A customer's identities as messages reveal them: Meta is adding business-scoped user ids (BSUIDs)
 * beside phone numbers, a username user has no number, and a number change brings a new number and a
 * new BSUID (whatsapp.md §2.2). Whichever identity a message is keyed by, it must find the one session.
 */
final class Identities {

    private Identities() {}

    /** Every identity the turn names, the key it was queued under first: the session is found by any. */
    static List<CustomerKey> of(List<InboundMessage> turn) {
        Set<CustomerKey> out = new LinkedHashSet<>();
        turn.forEach(m -> out.addAll(m.identities()));
        return List.copyOf(out);
    }

    /**
     * The session, storing first whatever the turn teaches about the customer: identities not linked yet
     * (including a new number or id from a number change) and the username. Each new identity gets its
     * alias record in the same write. Nothing new, nothing written.
     */
    static Session learn(SessionStore sessions, Session session, List<InboundMessage> messages, List<CustomerKey> identities) {
        Set<String> known = new LinkedHashSet<>(session.profile().aliases());
        known.add(session.customer().user());
        List<String> added = new ArrayList<>();
        identities.forEach(id -> add(id.user(), known, added));
        String username = session.profile().username();
        for (InboundMessage m : messages) {
            if (m.content() instanceof Content.IdentityChanged changed) {
                add(changed.newPhone(), known, added);
                add(changed.newUserId(), known, added);
            }
            username = m.username() != null ? m.username() : username;
        }
        boolean renamed = username != null && !username.equals(session.profile().username());
        if (added.isEmpty() && !renamed) {
            return session;
        }
        Session next = session.withProfile(session.profile().withAliases(added).withUsername(username));
        sessions.replace(session, next);
        return next;
    }

    private static void add(String id, Set<String> known, List<String> added) {
        if (id != null && known.add(id)) {
            added.add(id);
        }
    }
}
