package dev.threadline.adapter.erpnext;

import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import dev.threadline.application.port.Helpdesk.OutcomeUnknownException;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
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
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frappe's v1 REST API over Micronaut's blocking HTTP client: token auth, JSON in and out,
 * failures sorted as erpnext.md §5.3 says, transient ones retried, and a circuit breaker in front.
 *
 * <p><b>Transient</b> (retried with exponential backoff and jitter, then {@link
 * TransientHelpdeskException}): connection errors and timeouts, 502/503/504, 500 with {@code
 * exc_type} {@code QueryDeadlockError} or {@code QueryTimeoutError}, and 429, which waits for
 * {@code Retry-After} when it is within {@code retry-after-cap}. <b>Permanent</b> ({@link
 * ErpNextRejection}, not retried): every other answer that is not 2xx, redirects included, and a
 * 2xx whose body is not JSON.
 *
 * <p><b>Why a loop here rather than micronaut-retry.</b> {@code @Retryable} (4.10) computes every
 * delay from its annotation, so it cannot wait for the {@code Retry-After} a 429 carries, nor stop
 * at the call budget that keeps one call inside a Lambda's timeout. Its {@code @CircuitBreaker} is
 * itself a retry loop (it would nest with this one), keeps one retry state per method shared by
 * concurrent calls, and opens after a single call has exhausted its attempts. This class is the one
 * place that needs these rules, and {@link CircuitBreaker} is small and tested on its own.
 *
 * <p>Logs carry the operation, status, {@code exc_type} and attempt, never bodies (they hold
 * customer text) or credentials.
 */
@Singleton
@Requires(beans = ErpNextConfig.class)
class FrappeClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(FrappeClient.class);

    private final ErpNextConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final BlockingHttpClient blocking;
    private final CircuitBreaker circuit;
    private final SecretValues secrets;

    FrappeClient(ErpNextConfig config, Clock clock, SecretValues secrets) {
        this.config = config;
        this.clock = clock;
        this.secrets = secrets;
        authorization(); // at start-up: missing or malformed credentials fail the init, naming the variable
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
        this.circuit = new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenFor(), clock);
    }

    private String authorization() { // at each request: a rotated key pair is used once SecretValues refreshed
        return ErpNextConfig.authorization(secrets.get(Secret.ERPNEXT_API_KEY), secrets.get(Secret.ERPNEXT_API_SECRET));
    }

    /** A fresh budget for one port call. */
    Deadline deadline() {
        return Deadline.after(config.callBudget(), clock);
    }

    /** Sends an idempotent request (a read, or a create guarded by a unique key); the parsed JSON body. */
    JsonNode send(FrappeCall call, Deadline deadline) {
        return send(call, deadline, null);
    }

    /**
     * Sends {@code call}, retrying transient failures.
     *
     * @param alreadyApplied for writes that must not be repeated blindly: asked before each retry
     *                       whether the failed attempt took effect after all (a timeout after commit);
     *                       if so the call ends, returning {@code null}
     * @throws ErpNextRejection when ERPNext refuses the request
     * @throws TransientHelpdeskException when ERPNext stays unreachable or overloaded
     */
    JsonNode send(FrappeCall call, Deadline deadline, BooleanSupplier alreadyApplied) {
        String op = call.operation();
        for (int attempt = 1; ; attempt++) {
            Optional<Instant> open = circuit.openUntil();
            if (open.isPresent()) {
                throw new TransientHelpdeskException(op + ": not called, the ERPNext circuit is open until " + open.get()
                        + " after " + circuit.consecutiveFailures() + " consecutive failures", null);
            }
            if (!deadline.allows(config.timeout())) {
                throw new TransientHelpdeskException(op + ": call budget " + config.callBudget() + " used up", null);
            }
            if (attempt > 1 && alreadyApplied != null && alreadyApplied.getAsBoolean()) {
                LOG.info("erpnext write found applied after a failed attempt", kv("erpnext_op", op), kv("attempt", attempt));
                return null;
            }
            Attempt result = attempt(call);
            switch (result) {
                case Attempt.Ok ok -> {
                    circuit.onSuccess();
                    return ok.body();
                }
                case Attempt.Refused refused -> {
                    circuit.onSuccess(); // the site answered: it is up
                    LOG.warn("erpnext refused", kv("erpnext_op", op), kv("status", refused.rejection().status()),
                            kv("exc_type", refused.rejection().excType()));
                    throw refused.rejection();
                }
                case Attempt.Failed failed -> {
                    boolean opened = circuit.onFailure();
                    Duration wait = failed.retryAfter() != null ? failed.retryAfter()
                            : backoff(attempt, config.retryBaseDelay(), config.retryMaxDelay(), ThreadLocalRandom.current().nextDouble());
                    LOG.warn("erpnext call failed", kv("erpnext_op", op), kv("status", failed.status()),
                            kv("exc_type", failed.excType()), kv("failure", failed.reason()), kv("attempt", attempt),
                            kv("circuit_opened", opened));
                    String last = op + ": ERPNext unavailable after " + attempt + " attempt(s); last: " + failed.reason();
                    if (alreadyApplied != null && failed.outcomeUnknown()) {
                        // A write that is not idempotent by itself timed out: ERPNext may still commit it.
                        // Checking at once could miss a commit that is seconds away, so the caller retries
                        // later, after the session's lease, and checks then.
                        throw new OutcomeUnknownException(last + "; the write may still be applied", failed.cause());
                    }
                    if (attempt >= config.retryAttempts()) {
                        throw new TransientHelpdeskException(last, failed.cause());
                    }
                    if (failed.retryAfter() != null && failed.retryAfter().compareTo(config.retryAfterCap()) > 0) {
                        throw new TransientHelpdeskException(last + "; it asked to retry after " + failed.retryAfter()
                                + ", more than retry-after-cap " + config.retryAfterCap(), failed.cause());
                    }
                    if (!deadline.allows(wait.plus(config.timeout()))) {
                        throw new TransientHelpdeskException(last + "; no call budget left to retry", failed.cause());
                    }
                    pause(wait, last);
                }
            }
        }
    }

    /** Exponential backoff with "equal jitter": half the capped delay plus a random part of the other half. */
    static Duration backoff(int attempt, Duration base, Duration max, double random) {
        long exponential = base.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(exponential, 0), max.toMillis());
        return Duration.ofMillis(capped / 2 + Math.round(capped / 2.0 * random));
    }

    private sealed interface Attempt {
        record Ok(JsonNode body) implements Attempt {}

        record Refused(ErpNextRejection rejection) implements Attempt {}

        record Failed(String reason, int status, String excType, Duration retryAfter, Throwable cause) implements Attempt {
            /** The request reached ERPNext (or its proxy) and no answer came: it may have been applied. */
            boolean outcomeUnknown() {
                return cause instanceof ReadTimeoutException || status == 504;
            }
        }
    }

    private Attempt attempt(FrappeCall call) {
        MutableHttpRequest<Object> request = HttpRequest.create(call.method(), config.url() + call.pathAndQuery())
                .header(HttpHeaders.AUTHORIZATION, authorization())
                .accept(MediaType.APPLICATION_JSON_TYPE);
        if (call.body() != null) {
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
        int status = response.code();
        JsonNode json = parse(response.getBody(byte[].class).orElse(new byte[0]));
        String excType = FrappeErrors.excType(json);
        String op = call.operation();
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

    private static void pause(Duration wait, String context) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientHelpdeskException(context + "; interrupted while waiting to retry", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        http.close();
    }
}
