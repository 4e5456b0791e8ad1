package dev.threadline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message a customer sent us on WhatsApp, as intake queues it for ticket-fn.
 *
 * <p>Fields that WhatsApp may omit are {@code null}: {@code phone} (username users have none),
 * {@code userId} (before BSUIDs), {@code username}, {@code profileName} and {@code contextId} (not a reply).
 *
 * @param messageId Meta's {@code wamid}, unique per message and our idempotency key
 * @param customer whose conversation this is
 * @param phone the sender's phone digits, if any
 * @param userId the sender's business-scoped user id, if any
 * @param username the sender's WhatsApp username, if they chose one
 * @param profileName the sender's WhatsApp profile name, if any
 * @param sentAt Meta's timestamp (second precision); idleness is measured on it, not on arrival
 * @param type WhatsApp's message type ({@code text}, {@code image}, ...)
 * @param content what the message carries, by kind
 * @param contextId the wamid this message replies to, if any
 * @param rawJson the original {@code messages[]} element, verbatim
 */
public record InboundMessage(
        String messageId,
        CustomerKey customer,
        String phone,
        String userId,
        String username,
        String profileName,
        Instant sentAt,
        String type,
        Content content,
        String contextId,
        String rawJson) implements QueuedJob {

    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(rawJson, "rawJson");
    }

    /** Every identity this message names for its sender: the key it is queued under, and the other one. */
    public List<CustomerKey> identities() {
        List<CustomerKey> out = new java.util.ArrayList<>(List.of(customer));
        for (String id : java.util.Arrays.asList(userId, phone)) {
            if (id != null && !id.equals(customer.user())) {
                out.add(new CustomerKey(customer.phoneNumberId(), id));
            }
        }
        return List.copyOf(out);
    }

    /** The same message with other content (a voice note once transcribed). */
    public InboundMessage withContent(Content other) {
        return new InboundMessage(messageId, customer, phone, userId, username, profileName, sentAt, type, other, contextId,
                rawJson);
    }

    /** The deduplication identity: a wamid is unique per business number. */
    public MessageRef ref() {
        return new MessageRef(customer.phoneNumberId(), messageId);
    }

    @Override
    public String toString() {
        // Never print text, phone or raw payload.
        return "InboundMessage[" + messageId + ", " + customer + ", " + type + "]";
    }
}
