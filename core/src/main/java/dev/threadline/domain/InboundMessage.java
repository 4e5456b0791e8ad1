package dev.threadline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message a customer sent us on WhatsApp, as intake queues it for ticket-fn.
 *
 * <p>Fields that WhatsApp may omit are {@code null}: {@code phone} (username users have none),
 * {@code userId} (before BSUIDs), {@code profileName}, {@code text} (media without caption,
 * locations, stickers...) and {@code contextId} (not a reply).
 *
 * @param messageId Meta's {@code wamid}, unique per message and our idempotency key
 * @param customer whose conversation this is
 * @param phone the sender's phone digits, if any
 * @param userId the sender's business-scoped user id, if any
 * @param profileName the sender's WhatsApp profile name, if any
 * @param sentAt Meta's timestamp (second precision); idleness is measured on it, not on arrival
 * @param type WhatsApp's message type ({@code text}, {@code image}, ...)
 * @param text the text body, caption or reply title, if any
 * @param mediaIds ids of attached media, to be fetched from Meta within 7 days
 * @param contextId the wamid this message replies to, if any
 * @param rawJson the original {@code messages[]} element, verbatim
 */
public record InboundMessage(
        String messageId,
        CustomerKey customer,
        String phone,
        String userId,
        String profileName,
        Instant sentAt,
        String type,
        String text,
        List<String> mediaIds,
        String contextId,
        String rawJson) implements QueuedJob {

    public InboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rawJson, "rawJson");
        mediaIds = mediaIds == null ? List.of() : List.copyOf(mediaIds);
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
