package dev.threadline.faults;

import dev.threadline.adapter.dynamodb.DynamoDbSessionStore;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketRecord;
import dev.threadline.faults.Scenario.Boundary;
import dev.threadline.fakes.SimulatedCrash;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The real DynamoDB session store with two test powers, used by ticket-fn and sweeper-fn alike:
 *
 * <ul>
 *   <li><b>Crash points.</b> {@link #crashAt} arms a {@link Boundary}; the next time the store gets
 *       there it throws {@link SimulatedCrash} (an Error: no {@code catch (RuntimeException)} in the
 *       code under test can clean up, as after a real crash), once. Several boundaries can be armed.</li>
 *   <li><b>A linearised log</b> of every successful claim, complete and close, in commit order (each
 *       write and its log entry happen under one lock; reads are not locked, so optimistic races
 *       between ticket-fn and the sweeper still happen). The oracle replays it.</li>
 * </ul>
 */
@Singleton
@Primary
@Requires(property = "threadline.faults.ticket", value = "true")
class FaultySessionStore implements SessionStore {

    /** A successful write, as the oracle sees it. */
    sealed interface Event {
        CustomerKey customer();

        /** A turn was decided and its effect claimed. */
        record Claimed(CustomerKey customer, DecisionRecord decision) implements Event {}

        /** A claimed effect was confirmed: these messages are applied. */
        record Completed(CustomerKey customer, List<String> messageIds) implements Event {}

        /** The sweeper closed the session. */
        record Closed(CustomerKey customer) implements Event {}
    }

    private final DynamoDbSessionStore store;
    private final Set<Boundary> armed = EnumSet.noneOf(Boundary.class);
    private final List<Event> log = new ArrayList<>();
    private final List<Boundary> fired = new ArrayList<>();

    FaultySessionStore(DynamoDbSessionStore store) {
        this.store = store;
    }

    /** The next time ticket-fn reaches {@code boundary}, it dies. */
    synchronized void crashAt(Boundary boundary) {
        armed.add(boundary);
    }

    synchronized List<Event> log() {
        return List.copyOf(log);
    }

    synchronized List<Boundary> crashes() {
        return List.copyOf(fired);
    }

    @Override
    public Session load(CustomerKey customer) {
        return store.load(customer);
    }

    @Override
    public Session load(List<CustomerKey> identities) {
        return store.load(identities);
    }

    @Override
    public void claim(Session current, Session next, DecisionRecord decision) {
        crashIfArmed(Boundary.BEFORE_CLAIM);
        synchronized (this) {
            store.claim(current, next, decision);
            log.add(new Event.Claimed(current.customer(), decision));
        }
        crashIfArmed(Boundary.AFTER_CLAIM);
    }

    @Override
    public void complete(Session current, Session next, TicketRecord opened, TicketRecord closedTicket, Instant closedAt,
                         List<MessageRef> applied) {
        crashIfArmed(Boundary.BEFORE_COMPLETE);
        synchronized (this) {
            store.complete(current, next, opened, closedTicket, closedAt, applied);
            log.add(new Event.Completed(current.customer(), applied.stream().map(MessageRef::messageId).toList()));
        }
        crashIfArmed(Boundary.AFTER_COMPLETE);
    }

    @Override
    public void replace(Session current, Session next) {
        crashIfArmed(Boundary.BEFORE_REPLACE);
        synchronized (this) {
            store.replace(current, next);
        }
    }

    @Override
    public void close(Session current, Instant closedAt) {
        synchronized (this) {
            store.close(current, closedAt);
            log.add(new Event.Closed(current.customer()));
        }
    }

    @Override
    public List<CustomerKey> idleActiveSessions(Instant cutoff, int max) {
        return store.idleActiveSessions(cutoff, max);
    }

    @Override
    public List<TicketRecord> tickets(CustomerKey customer) {
        return store.tickets(customer);
    }

    @Override
    public List<DecisionRecord> decisions(CustomerKey customer) {
        return store.decisions(customer);
    }

    private void crashIfArmed(Boundary here) {
        synchronized (this) {
            if (!armed.remove(here)) {
                return;
            }
            fired.add(here);
        }
        throw new SimulatedCrash(here.name().toLowerCase().replace('_', ' '));
    }
}
