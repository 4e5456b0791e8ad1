package dev.threadline.fakes;

import dev.threadline.application.port.Outbox;
import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.application.port.TicketDirectory;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.Session;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The outbox and ticket directory beside an {@link InMemorySessionStore}, with the same conditional semantics. */
public final class InMemoryOutbox implements Outbox, TicketDirectory {

    private final InMemorySessionStore sessions;
    private final Map<String, OutboundReply> replies = new HashMap<>();
    private final Map<String, CustomerKey> directory = new HashMap<>();
    private final Set<MessageRef> applied = new HashSet<>();
    private volatile Runnable beforeUpdate = () -> { };

    public InMemoryOutbox(InMemorySessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public synchronized OutboundReply find(CustomerKey customer, String key) {
        return replies.get(customer.value() + "/" + key);
    }

    @Override
    public synchronized void record(Session current, Session next, OutboundReply reply, MessageRef event) {
        if (replies.containsKey(current.customer().value() + "/" + reply.key())) {
            throw new ConflictException("reply exists", null);
        }
        sessions.replace(current, next);
        replies.put(current.customer().value() + "/" + reply.key(), reply);
        applied.add(event);
    }

    @Override
    public synchronized void update(CustomerKey customer, OutboundReply current, OutboundReply next) {
        beforeUpdate.run();
        OutboundReply stored = replies.get(customer.value() + "/" + current.key());
        if (stored == null || stored.version() != current.version()) {
            throw new ConflictException("reply changed", null);
        }
        replies.put(customer.value() + "/" + current.key(), next);
    }

    @Override
    public synchronized CustomerKey customerOf(String ticketId) {
        return directory.get(ticketId);
    }

    public synchronized void register(String ticketId, CustomerKey customer) {
        directory.put(ticketId, customer);
    }

    public synchronized Set<MessageRef> appliedEvents() {
        return Set.copyOf(applied);
    }

    /** Runs before every update (e.g. to crash at a chosen step). */
    public void beforeUpdate(Runnable hook) {
        this.beforeUpdate = hook;
    }
}
