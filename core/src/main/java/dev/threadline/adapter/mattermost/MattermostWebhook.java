package dev.threadline.adapter.mattermost;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.retry.annotation.Retryable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;

/**
 * A Mattermost incoming webhook: {@code POST} with {@code Content-Type: application/json} and
 * {@code {"text": ...}}; success is 200 {@code ok}.
 *
 * <p>Retried by micronaut-retry only when another attempt can help and cannot post twice: the
 * connection failed (nothing was sent), or Mattermost answered 5xx or 429. A read timeout is not
 * retried, as Mattermost may have posted the notice already; other 4xx would fail again. Three
 * attempts in all, 200 ms then 400 ms apart with ±50 % jitter, each with the configured timeout.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class MattermostWebhook {

    private final HttpClient client;

    public MattermostWebhook(MattermostConfig config) {
        DefaultHttpClientConfiguration http = new DefaultHttpClientConfiguration();
        http.setReadTimeout(config.timeout());
        http.setConnectTimeout(config.timeout());
        this.client = HttpClient.create(null, http);
    }

    /** Posts one notice; throws {@link NoticeFailure} when it was not delivered. Micronaut's attempts counts retries. */
    @Retryable(includes = TransientFailure.class, attempts = "2", delay = "200ms", multiplier = "2", jitter = "0.5")
    public void post(URI webhookUrl, String markdown) {
        try {
            client.toBlocking().exchange(HttpRequest.POST(webhookUrl, Map.of("text", markdown))
                    .contentType(MediaType.APPLICATION_JSON_TYPE));
        } catch (HttpClientResponseException e) {
            int status = e.code();
            throw status == 429 || status >= 500 ? new TransientFailure("HTTP " + status) : new NoticeFailure("HTTP " + status);
        } catch (HttpClientException e) {
            throw connectFailed(e) ? new TransientFailure("connect") : new NoticeFailure(e.getClass().getSimpleName());
        }
    }

    private static boolean connectFailed(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) { // Netty's connect timeout is one too
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A notice not delivered; the message is a reason safe to log (never the URL, which is the secret). */
    public static class NoticeFailure extends RuntimeException {
        NoticeFailure(String reason) {
            super(reason);
        }
    }

    /** Worth another attempt: nothing was sent, or Mattermost asked for one (5xx, 429). */
    public static final class TransientFailure extends NoticeFailure {
        TransientFailure(String reason) {
            super(reason);
        }
    }
}
