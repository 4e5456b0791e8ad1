package dev.threadline.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who a conversation belongs to: one WhatsApp user as seen by one of our business numbers.
 *
 * <p>The user part is the business-scoped user id (BSUID) when Meta sends one, else the WhatsApp id
 * (the phone digits). With WhatsApp usernames a user may have no phone number at all, so the key
 * must never be derived from the phone alone.
 *
 * @param phoneNumberId Meta's id of the business number that received the message
 * @param user the BSUID or the WhatsApp id
 */
public record CustomerKey(String phoneNumberId, String user) {

    public CustomerKey {
        requireText(phoneNumberId, "phoneNumberId");
        requireText(user, "user");
    }

    /** Parses the form produced by {@link #value()}. */
    public static CustomerKey parse(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("not a customer key: expected <phone_number_id>:<user>");
        }
        return new CustomerKey(value.substring(0, colon), value.substring(colon + 1));
    }

    /** {@code <phone_number_id>:<user>}; the storage key. It may contain a phone number: never log it. */
    public String value() {
        return phoneNumberId + ":" + user;
    }

    /** SHA-256 of the key in hex: a stable pseudonym fit for ids with length or charset limits. */
    public String digest() {
        return sha256Hex(value());
    }

    /** A short pseudonym safe for logs: the first 12 hex digits of {@link #digest()}. */
    public String fingerprint() {
        return digest().substring(0, 12);
    }

    @Override
    public String toString() {
        return "CustomerKey[" + fingerprint() + "]";
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        Objects.requireNonNull(value);
    }
}
