package dev.threadline.fakes;

import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SessionStore} in memory, with the same version conditions as the DynamoDB store. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<CustomerKey, Session> sessions = new ConcurrentHashMap<>();
    private final Map<CustomerKey, List<TicketRecord>> tickets = new ConcurrentHashMap<>();
    private final Map<CustomerKey, List<DecisionRecord>> decisions = new ConcurrentHashMap<>();
    private final Set<MessageRef> applied = ConcurrentHashMap.newKeySet();

    @Override
    public Session load(CustomerKey customer) {
        return sessions.getOrDefault(customer, Session.fresh(customer));
    }

    /** Finds the session under any identity, directly or through a session's aliases (as the DynamoDB store does). */
    @Override
    public synchronized Session load(List<CustomerKey> identities) {
        for (CustomerKey id : identities) {
            if (sessions.containsKey(id)) {
                return sessions.get(id);
            }
            for (Session s : sessions.values()) {
                if (s.customer().phoneNumberId().equals(id.phoneNumberId()) && s.profile().aliases().contains(id.user())) {
                    return s;
                }
            }
        }
        return Session.fresh(identities.get(0));
    }

    @Override
    public synchronized void claim(Session current, Session next, DecisionRecord decision) {
        check(current);
        sessions.put(next.customer(), next);
        decisions.computeIfAbsent(current.customer(), c -> new ArrayList<>()).add(decision);
    }

    @Override
    public synchronized void complete(Session current, Session next, TicketRecord opened, TicketRecord closedTicket,
                                      Instant closedAt, List<MessageRef> refs) {
        check(current);
        sessions.put(next.customer(), next);
        List<TicketRecord> history = tickets.computeIfAbsent(current.customer(), c -> new ArrayList<>());
        if (closedTicket != null) {
            history.replaceAll(t -> t.ticketId().equals(closedTicket.ticketId()) && t.closedAt() == null
                    ? new TicketRecord(t.ticketId(), t.openingMessageId(), t.openedAt(), closedAt) : t);
        }
        if (opened != null) {
            history.add(opened);
        }
        applied.addAll(refs);
    }

    @Override
    public synchronized void replace(Session current, Session next) {
        check(current);
        sessions.put(next.customer(), next);
    }

    @Override
    public synchronized void close(Session current, Instant closedAt) {
        check(current);
        sessions.put(current.customer(), current.closed());
        tickets.getOrDefault(current.customer(), new ArrayList<>()).replaceAll(t ->
                t.ticketId().equals(current.openTicketId()) && t.closedAt() == null
                        ? new TicketRecord(t.ticketId(), t.openingMessageId(), t.openedAt(), closedAt) : t);
    }

    @Override
    public List<CustomerKey> idleActiveSessions(Instant cutoff, int max) {
        return sessions.values().stream()
                .filter(s -> s.status() == dev.threadline.domain.SessionStatus.ACTIVE && s.lastActivity() != null
                        && s.lastActivity().isBefore(cutoff))
                .map(Session::customer)
                .limit(max)
                .toList();
    }

    @Override
    public List<TicketRecord> tickets(CustomerKey customer) {
        return List.copyOf(tickets.getOrDefault(customer, List.of()));
    }

    @Override
    public List<DecisionRecord> decisions(CustomerKey customer) {
        return List.copyOf(decisions.getOrDefault(customer, List.of()));
    }

    public Set<MessageRef> appliedMessages() {
        return new HashSet<>(applied);
    }

    private void check(Session current) {
        long stored = sessions.containsKey(current.customer()) ? sessions.get(current.customer()).version() : 0;
        if (stored != current.version()) {
            throw new ConflictException("version " + current.version() + " is stale, stored " + stored, null);
        }
    }
}
