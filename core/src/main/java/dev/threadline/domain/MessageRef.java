package dev.threadline.domain;

/**
 * The identity of a WhatsApp message for deduplication: Meta's wamid scoped by the business number
 * that received it.
 */
public record MessageRef(String phoneNumberId, String messageId) {

    /** A stable 64-character hex digest, fit for ids with tight length or charset limits. */
    public String digest() {
        return CustomerKey.sha256Hex(phoneNumberId + ":" + messageId);
    }
}
