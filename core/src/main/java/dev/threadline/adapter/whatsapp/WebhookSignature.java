package dev.threadline.adapter.whatsapp;

import dev.threadline.adapter.HmacSha256;
import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Verifies Meta's {@code X-Hub-Signature-256: sha256=<hex>} header: HMAC-SHA256 of the request body
 * keyed with the App Secret (whatsapp.md §3).
 *
 * <p>The HMAC is computed over the exact raw bytes. Meta's documentation says the signature is made
 * over a version of the payload with non-ASCII characters escaped as lowercase {@code \\uXXXX}; if
 * the raw bytes do not match, the escaped form is tried too, as whatsapp-api-js does. Comparisons
 * are constant-time.
 *
 * <p>The App Secret ({@code WHATSAPP_APP_SECRET}) is read at each check through {@link SecretValues}.
 * When a check fails, the secret is read again once (at most every 30 s): after a rotation in Meta's
 * dashboard and in the secret, deliveries signed with the new value verify without a restart.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.INTAKE)
public class WebhookSignature {

    private static final String PREFIX = "sha256=";
    private static final int HMAC_BYTES = 32;

    private final SecretValues secrets;

    /** Reads nothing yet: only intake needs the App Secret, and its controller checks it at start-up. */
    @Inject
    public WebhookSignature(SecretValues secrets) {
        this.secrets = secrets;
    }

    /** With a fixed App Secret: the demo and tests sign requests with it. */
    public WebhookSignature(String appSecret) {
        this(SecretValues.of(Map.of(Secret.WHATSAPP_APP_SECRET, appSecret)));
    }

    /** True when {@code header} is a valid signature of {@code body}; false for missing or malformed headers. */
    public boolean verify(byte[] body, String header) {
        byte[] claimed = parse(header);
        if (claimed == null) {
            return false;
        }
        return matches(body, claimed, key())
                || secrets.refreshNow(Secret.WHATSAPP_APP_SECRET) && matches(body, claimed, key());
    }

    /** The header value Meta would send for {@code body}; used by the demo and tests to sign requests. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(HmacSha256.of(key(), body));
    }

    private static boolean matches(byte[] body, byte[] claimed, String key) {
        if (MessageDigest.isEqual(HmacSha256.of(key, body), claimed)) {
            return true;
        }
        byte[] escaped = escapeNonAscii(body);
        return escaped != body && MessageDigest.isEqual(HmacSha256.of(key, escaped), claimed);
    }

    private String key() {
        return secrets.get(Secret.WHATSAPP_APP_SECRET);
    }

    private static byte[] parse(String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String hex = header.substring(PREFIX.length()).trim();
        if (hex.length() != HMAC_BYTES * 2) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    /**
     * Escapes every char outside 0x00-0x7E as {@code \\u} plus four lowercase hex digits of its UTF-16
     * code unit, so an emoji becomes a surrogate pair. Returns the input itself when nothing changes.
     */
    static byte[] escapeNonAscii(byte[] body) {
        boolean ascii = true;
        for (byte b : body) {
            if (b < 0 || b == 0x7F) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
