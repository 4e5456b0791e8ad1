package dev.threadline.application.port;

import dev.threadline.application.port.SessionStore.ConflictException;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.Session;

/**
 * Agents' replies on their way to WhatsApp. Every change is conditional on the version read, so two
 * workers can never both move a reply to {@link OutboundReply.State#SENDING}.
 */
public interface Outbox {

    /** The reply with this key, or {@code null}. */
    OutboundReply find(CustomerKey customer, String key);

    /**
     * Records a new reply, stores {@code next} in place of {@code current} and marks the helpdesk
     * event that carried the reply as applied in the message ledger, atomically: the intent exists
     * before any call is made, or nothing was written.
     *
     * @throws ConflictException when the session changed or the reply exists already
     */
    void record(Session current, Session next, OutboundReply reply, MessageRef event);

    /**
     * Stores {@code next} in place of {@code current}.
     *
     * @throws ConflictException when the stored reply is no longer {@code current}'s version
     */
    void update(CustomerKey customer, OutboundReply current, OutboundReply next);
}
