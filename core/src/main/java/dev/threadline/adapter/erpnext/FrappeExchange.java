package dev.threadline.adapter.erpnext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.List;

/**
 * One HTTP exchange with Frappe's v1 REST API (token auth, JSON in and out, no redirects followed)
 * and what its answer means, as erpnext.md §5.3 sorts it: {@link Attempt.Ok}, {@link
 * Attempt.Refused} (permanent) or {@link Attempt.Failed} (worth another attempt). Whether and when
 * to try again is {@link FrappeClient}'s decision.
 */
final class FrappeExchange implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ErpNextConfig config;
    private final HttpClient http;
    private final BlockingHttpClient blocking;
    private final Supplier<String> authorization;

    FrappeExchange(ErpNextConfig config, Supplier<String> authorization) {
        this.config = config;
        DefaultHttpClientConfiguration settings = new DefaultHttpClientConfiguration();
        settings.setReadTimeout(config.timeout());
        settings.setConnectTimeout(config.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? config.timeout() : Duration.ofSeconds(5));
        settings.setFollowRedirects(false);
        settings.setExceptionOnErrorStatus(false);
        try {
            this.http = HttpClient.create(URI.create(config.url()).toURL(), settings);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("ERPNEXT_URL is not a valid URL", e);
        }
        this.blocking = http.toBlocking();
        this.authorization = authorization;
    }

    /** What one attempt came to. */
    sealed interface Attempt {
        record Ok(JsonNode body) implements Attempt {}

        record Refused(ErpNextRejection rejection) implements Attempt {}

        record Failed(String reason, int status, String excType, Duration retryAfter, Throwable cause) implements Attempt {
            /** The request reached ERPNext (or its proxy) and no answer came: it may have been applied. */
            boolean outcomeUnknown() {
                return cause instanceof ReadTimeoutException || status == 504;
            }
        }
    }

    Attempt attempt(FrappeCall call) {
        MutableHttpRequest<Object> request = HttpRequest.create(call.method(), config.url() + call.pathAndQuery())
                .header(HttpHeaders.AUTHORIZATION, authorization.get())
                .accept(MediaType.APPLICATION_JSON_TYPE);
        if (call.form() != null) {
            request.contentType(MediaType.MULTIPART_FORM_DATA_TYPE).body(call.form().body());
        } else if (call.body() != null) {
            try {
                request.contentType(MediaType.APPLICATION_JSON_TYPE).body(JSON.writeValueAsBytes(call.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JsonNode always serialises", e);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = blocking.exchange(request, byte[].class);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<byte[]> withBody = (HttpResponse<byte[]>) e.getResponse();
            response = withBody;
        } catch (ReadTimeoutException e) {
            return new Attempt.Failed("timeout after " + config.timeout(), 0, null, null, e);
        } catch (HttpClientException e) {
            return new Attempt.Failed("connection failed (" + e.getClass().getSimpleName() + ")", 0, null, null, e);
        }
        return answer(call.operation(), response);
    }

    private static Attempt answer(String op, HttpResponse<byte[]> response) {
        int status = response.code();
        JsonNode json = parse(response.getBody(byte[].class).orElse(new byte[0]));
        String excType = FrappeErrors.excType(json);
        if (status >= 200 && status < 300) {
            return json != null ? new Attempt.Ok(json) : new Attempt.Refused(new ErpNextRejection(op, status, null,
                    List.of(), "the answer is not JSON; is ERPNEXT_URL the site's base URL?"));
        }
        if (status == 429 || status == 502 || status == 503 || status == 504 || (status == 500
                && ("QueryDeadlockError".equals(excType) || "QueryTimeoutError".equals(excType)))) {
            String reason = status + (excType == null ? "" : " " + excType);
            return new Attempt.Failed(reason, status, excType, status == 429 ? retryAfter(response) : null, null);
        }
        if (status >= 300 && status < 400) {
            return new Attempt.Refused(new ErpNextRejection(op, status, null, List.of(), "redirected to "
                    + response.getHeaders().get(HttpHeaders.LOCATION) + "; set ERPNEXT_URL to the final address"));
        }
        String detail = json == null ? "the answer is not JSON" : json.path("exception").asText(null);
        return new Attempt.Refused(new ErpNextRejection(op, status, excType, FrappeErrors.messages(json), detail));
    }

    /**
     * {@code Retry-After} in seconds (Frappe's rate limiter sends seconds, erpnext.md §6); {@code null} if absent
     * or odd.
     */
    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.getHeaders().get(HttpHeaders.RETRY_AFTER);
        try {
            return value == null ? null : Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
