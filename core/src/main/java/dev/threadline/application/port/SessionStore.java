package dev.threadline.application.port;

import dev.threadline.domain.CustomerProfile;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketRecord;
import java.time.Instant;
import java.util.List;

/**
 * Per-customer sessions with optimistic concurrency: every write names the version it replaces and
 * fails with {@link ConflictException} if someone else wrote first. Callers then reload and decide
 * again; nothing is ever half-written.
 */
public interface SessionStore {

    /** The stored session, read consistently, or {@link Session#fresh} for a new customer. */
    Session load(CustomerKey customer);

    /**
     * The session of the customer these identities name (the first is the key the message was queued
     * under, the others the phone number or BSUID it also carried): the session found under one of them
     * directly or through an alias record, else {@link Session#fresh} under the first. Alias records are
     * written with the session whenever its {@link CustomerProfile#aliases()} grow.
     */
    Session load(List<CustomerKey> identities);

    /**
     * Stores {@code next} (which carries a pending effect) in place of {@code current}, and records
     * the decision in the audit log, atomically.
     *
     * @throws ConflictException when the stored version is not {@code current.version()}
     */
    void claim(Session current, Session next, DecisionRecord decision);

    /**
     * Stores {@code next} in place of {@code current} and, atomically: records a newly opened ticket
     * (if {@code opened} is not null), closes the previous ticket's history record (if
     * {@code closedTicket} is not null) at {@code closedAt}, and marks the applied messages in the
     * message ledger so that intake drops their redeliveries.
     *
     * @throws ConflictException when the stored version is not {@code current.version()}
     */
    void complete(Session current, Session next, TicketRecord opened, TicketRecord closedTicket, Instant closedAt,
                  List<MessageRef> applied);

    /** Stores {@code next} in place of {@code current} with no side records (take-over, release). */
    void replace(Session current, Session next);

    /**
     * Closes an idle session ({@link Session#closed()}) and its ticket's history record at
     * {@code closedAt}, atomically and conditional on the version read.
     *
     * @throws ConflictException when a message changed the session since it was read
     */
    void close(Session current, Instant closedAt);

    /**
     * Up to {@code max} ACTIVE sessions whose last activity is before {@code cutoff}, found through
     * an index (never a table scan). Closed sessions leave the index, so calling again after closing
     * continues where the previous call stopped.
     */
    List<CustomerKey> idleActiveSessions(Instant cutoff, int max);

    /** The customer's tickets, oldest first. */
    List<TicketRecord> tickets(CustomerKey customer);

    /** The customer's audited decisions, oldest first. */
    List<DecisionRecord> decisions(CustomerKey customer);

    /** Someone else changed the session since it was read. */
    final class ConflictException extends RuntimeException {
        public ConflictException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
