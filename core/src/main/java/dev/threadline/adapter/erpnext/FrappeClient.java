package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.threadline.adapter.erpnext.FrappeExchange.Attempt;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import java.util.function.Supplier;
import dev.threadline.application.port.Helpdesk.OutcomeUnknownException;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frappe's v1 REST API: each call made by {@link FrappeExchange} (token auth, JSON in and out,
 * failures sorted as erpnext.md §5.3 says), transient failures retried here, and a circuit breaker
 * in front.
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
@Requires(condition = Functions.CallsErpNext.class)
class FrappeClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrappeClient.class);

    private final ErpNextConfig config;
    private final Clock clock;
    private final FrappeExchange exchange;
    private final CircuitBreaker circuit;

    FrappeClient(ErpNextConfig config, Clock clock, SecretValues secrets) {
        this.config = config;
        this.clock = clock;
        // At each request, so a rotated key pair is used once SecretValues refreshed; checked once at start-up,
        // so missing or malformed credentials fail the init naming the variable.
        Supplier<String> authorization = () -> ErpNextConfig.authorization(secrets.get(Secret.ERPNEXT_API_KEY),
                secrets.get(Secret.ERPNEXT_API_SECRET));
        authorization.get();
        this.exchange = new FrappeExchange(config, authorization);
        this.circuit = new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenFor(), clock);
    }

    /** A fresh budget for one port call. */
    Deadline deadline() {
        return Deadline.after(config.callBudget(), clock);
    }

    /** Sends an idempotent request (a read, or a create guarded by a unique key); the parsed JSON body. */
    /**
     * Whether a document of {@code doctype} on Issue {@code ticketId} matches {@code field = value}: how
     * posts, notes and files are found again after an attempt that may have landed.
     *
     * @param reference the doctype's link to the Issue: {@code reference} (Communication, Comment) or
     *     {@code attached_to} (File)
     * @param operator {@code =} or {@code like}
     */
    boolean exists(String doctype, String reference, String ticketId, String field, String operator, String value,
                   Deadline deadline) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode filters = json.arrayNode()
                .add(json.arrayNode().add(reference + "_doctype").add("=").add("Issue"))
                .add(json.arrayNode().add(reference + "_name").add("=").add(ticketId))
                .add(json.arrayNode().add(field).add(operator).add(value));
        return !send(FrappeCall.get(FrappeCall.resource(doctype, null), Map.of("filters", filters.toString(),
                "fields", "[\"name\"]", "limit_page_length", "1")), deadline).path("data").isEmpty();
    }

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
            Attempt result = exchange.attempt(call);
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
        exchange.close();
    }
}
