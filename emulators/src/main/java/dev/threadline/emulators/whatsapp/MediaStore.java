package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Media the emulator serves as the Graph API does (whatsapp.md §7): a lookup by id answers a download
 * URL that is valid for five minutes on the emulator's clock; the URL answers the bytes only with the
 * Bearer token. Ids are 16 digits, as Meta's are.
 */
public final class MediaStore {

    /** Where download URLs live on the emulator, after lookaside.fbsbx.com's path. */
    static final String DOWNLOAD_PATH = "/whatsapp_business/attachments/";
    static final Duration URL_VALIDITY = Duration.ofMinutes(5);

    /** Registered media; {@code sha256Base64} is what webhooks carry, the lookup answers hex. */
    public record Media(String id, byte[] bytes, String mimeType, String sha256Base64, String sha256Hex) {}

    private record Link(String mediaId, Instant expires) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Media> media = new ConcurrentHashMap<>();
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final AtomicInteger expireNext = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private volatile boolean understateSizes;

    MediaStore(Clock clock) {
        this.clock = clock;
    }

    /** Registers {@code bytes} under a new media id. */
    public Media register(byte[] bytes, String mimeType) {
        return register(Long.toString(1_000_000_000_000_000L + Math.floorMod(RANDOM.nextLong(), 8_999_999_999_999_999L)),
                bytes, mimeType);
    }

    /** Registers {@code bytes} under the media id a recorded webhook carries (events/whatsapp-messages). */
    public Media register(String id, byte[] bytes, String mimeType) {
        byte[] digest = sha256(bytes);
        Media m = new Media(id, bytes.clone(), Objects.requireNonNull(mimeType),
                Base64.getEncoder().encodeToString(digest), HexFormat.of().formatHex(digest));
        media.put(id, m);
        return m;
    }

    /** The lookup answer for {@code id}, with a fresh URL under {@code baseUrl}; null for an unknown id. */
    ObjectNode lookup(String id, String baseUrl) {
        Media m = media.get(id);
        if (m == null) {
            return null;
        }
        Instant expires = clock.instant().plus(URL_VALIDITY);
        String hash = HexFormat.of().formatHex(sha256(RANDOM.generateSeed(16))).substring(0, 24);
        links.put(hash, new Link(id, expires));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("messaging_product", "whatsapp");
        answer.put("url", baseUrl + DOWNLOAD_PATH + "?mid=" + id + "&ext=" + expires.getEpochSecond() + "&hash=" + hash);
        answer.put("mime_type", m.mimeType());
        answer.put("sha256", m.sha256Hex());
        answer.put("file_size", understateSizes ? "1" : Integer.toString(m.bytes().length));
        answer.put("id", id);
        return answer;
    }

    /**
     * Fault: the next {@code n} downloads find their URL expired (404), as when more than five minutes
     * pass between the lookup and the download; a fresh lookup gives a URL that works.
     */
    public void expireNextDownloads(int n) {
        expireNext.set(n);
    }

    /** Fault: lookups answer {@code file_size} 1, so only a client that counts while reading sees a file's real size. */
    public void understateSizes(boolean on) {
        understateSizes = on;
    }

    /** Download requests with the token received so far, expired or not. */
    public int downloads() {
        return downloads.get();
    }

    /** The media a download URL's {@code hash} points at, if the URL has not expired; else null. */
    Media download(String hash) {
        downloads.incrementAndGet();
        if (expireNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return null;
        }
        Link link = hash == null ? null : links.get(hash);
        if (link == null || !clock.instant().isBefore(link.expires())) {
            return null;
        }
        return media.get(link.mediaId());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
