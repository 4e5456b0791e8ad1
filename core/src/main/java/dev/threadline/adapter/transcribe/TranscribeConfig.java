package dev.threadline.adapter.transcribe;

import dev.threadline.config.Functions;
import dev.threadline.config.Settings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.time.Duration;

/**
 * Voice-note transcription through an OpenAI-compatible {@code /audio/transcriptions} endpoint; off
 * unless {@code TRANSCRIBE_BASE_URL} is set (then this bean, and with it the {@link OpenAiTranscriber},
 * exists). Properties under {@code threadline.transcribe}:
 * <ul>
 *   <li>{@code base-url} ({@code TRANSCRIBE_BASE_URL}): the API root, e.g. {@code https://api.openai.com/v1};</li>
 *   <li>{@code model} ({@code TRANSCRIBE_MODEL}, default {@link #DEFAULT_MODEL});</li>
 *   <li>{@code timeout} (default {@link #DEFAULT_TIMEOUT}): one call; a voice note is short.</li>
 * </ul>
 * The key is {@code LLM_API_KEY} from the secret, sent when set: one credential for one vendor.
 */
@ConfigurationProperties("threadline.transcribe")
@Requires(property = "threadline.transcribe.base-url", pattern = ".*\\S.*")
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public record TranscribeConfig(String baseUrl, @Nullable String model, @Nullable Duration timeout) {

    public static final String DEFAULT_MODEL = "whisper-1";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public TranscribeConfig {
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        URI uri = URI.create(baseUrl);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("TRANSCRIBE_BASE_URL must be an http(s) API root without credentials or "
                    + "query, e.g. https://api.openai.com/v1");
        }
        model = Settings.text(model, DEFAULT_MODEL);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    URI transcriptionsUri() {
        return URI.create(baseUrl + "/audio/transcriptions");
    }
}
