package dev.threadline.adapter.whatsapp;

import dev.threadline.config.Functions;
import dev.threadline.config.Settings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which customer files ticket-fn copies to the ticket (whatsapp.md §7). Properties under
 * {@code threadline.media}, mapped from the environment:
 * <ul>
 *   <li>{@code max-bytes} ({@code MEDIA_MAX_BYTES}, default {@link #DEFAULT_MAX_BYTES}, 16 MiB): a file is
 *       held in memory twice (download and upload body) in a 1 GB Lambda; WhatsApp documents may be up to
 *       100 MB, so larger ones are refused with a note on the ticket.</li>
 *   <li>{@code types} ({@code MEDIA_TYPES}, comma-separated MIME types, default {@link #DEFAULT_TYPES}): the
 *       allow-list; anything else is noted, not downloaded.</li>
 * </ul>
 */
@ConfigurationProperties("threadline.media")
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public record MediaConfig(@Nullable String maxBytes, @Nullable String types) {

    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    /** What WhatsApp sends (whatsapp.md §7) and what office documents usually are. */
    public static final Set<String> DEFAULT_TYPES = Set.of("image/jpeg", "image/png", "image/webp", "application/pdf",
            "audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "video/mp4", "video/3gpp", "text/plain",
            "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet");

    public MediaConfig {
        int max = Settings.integer(maxBytes, "MEDIA_MAX_BYTES", DEFAULT_MAX_BYTES);
        if (max <= 0) {
            throw new IllegalArgumentException("MEDIA_MAX_BYTES must be positive, was " + max);
        }
        maxBytes = Integer.toString(max);
        types = types == null || types.isBlank() ? String.join(",", DEFAULT_TYPES.stream().sorted().toList()) : types;
    }

    public int maxBytesValue() {
        return Integer.parseInt(maxBytes);
    }

    public Set<String> allowedTypes() {
        return Arrays.stream(types.split(",")).map(MediaConfig::bare).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }

    /** {@code audio/ogg; codecs=opus} is {@code audio/ogg}: the allow-list names types, not their parameters. */
    public static String bare(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
