package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import dev.threadline.domain.Priority;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach the ERPNext site, validated at startup so that a bad setting fails the cold start
 * with a message naming it, rather than every ticket later.
 *
 * <p>Properties under {@code threadline.erpnext} (the function's {@code application.properties}
 * maps the environment onto them: {@code threadline.erpnext.url=${ERPNEXT_URL:}} and so on):
 * <ul>
 *   <li>{@code url} ({@code ERPNEXT_URL}): the site's base URL, e.g. {@code https://erp.example.com}.</li>
 *   <li>The API key pair ({@code ERPNEXT_API_KEY}, {@code ERPNEXT_API_SECRET}) is not here: it is a
 *       credential, read at each call through {@code SecretValues} and checked by {@link #authorization}.</li>
 *   <li>{@code timeout} (PT10S): per HTTP request.</li>
 *   <li>{@code priority-map.<llm value>}: the site's Issue Priority name per LLM priority; defaults
 *       Low, Medium, High, and Critical and Urgent to High (the setup wizard creates only Low,
 *       Medium and High, erpnext.md §7.4).</li>
 *   <li>{@code retry-attempts} (3), {@code retry-base-delay} (PT0.2S), {@code retry-max-delay}
 *       (PT2S): exponential backoff with jitter for transient failures.</li>
 *   <li>{@code retry-after-cap} (PT5S): the longest {@code Retry-After} honoured; a longer one ends
 *       the call at once (the queue redelivers later).</li>
 *   <li>{@code call-budget} (PT20S): the most time one port call may spend, retries included, so
 *       that a turn's two ERPNext calls and two LLM calls fit ticket-fn's 60 s timeout; at most PT50S.</li>
 *   <li>{@code circuit-failure-threshold} (5), {@code circuit-open-for} (PT30S): after that many
 *       consecutive transient failures, calls fail fast for that long.</li>
 *   <li>{@code lookup-cache-ttl} (PT15M): how long the site's Issue Priority and Issue Type names
 *       are cached.</li>
 * </ul>
 */
@ConfigurationProperties("threadline.erpnext")
@Requires(condition = Functions.CallsErpNext.class)
public record ErpNextConfig(
        @Nullable String url,
        @Nullable Duration timeout,
        @Nullable Map<String, String> priorityMap,
        @Nullable Integer retryAttempts,
        @Nullable Duration retryBaseDelay,
        @Nullable Duration retryMaxDelay,
        @Nullable Duration retryAfterCap,
        @Nullable Duration callBudget,
        @Nullable Integer circuitFailureThreshold,
        @Nullable Duration circuitOpenFor,
        @Nullable Duration lookupCacheTtl) {

    private static final Duration MAX_BUDGET = Duration.ofSeconds(50);

    public ErpNextConfig {
        url = validUrl(url);
        timeout = positive(timeout, Duration.ofSeconds(10), "timeout");
        if (timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("threadline.erpnext.timeout must be at most PT30S, was " + timeout);
        }
        priorityMap = priorities(priorityMap);
        retryAttempts = retryAttempts == null ? 3 : retryAttempts;
        if (retryAttempts < 1 || retryAttempts > 10) {
            throw new IllegalArgumentException("threadline.erpnext.retry-attempts must be 1 to 10, was " + retryAttempts);
        }
        retryBaseDelay = orDefault(retryBaseDelay, Duration.ofMillis(200), "retry-base-delay");
        retryMaxDelay = orDefault(retryMaxDelay, Duration.ofSeconds(2), "retry-max-delay");
        if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
            throw new IllegalArgumentException("threadline.erpnext.retry-max-delay must not be below retry-base-delay");
        }
        retryAfterCap = orDefault(retryAfterCap, Duration.ofSeconds(5), "retry-after-cap");
        callBudget = positive(callBudget, Duration.ofSeconds(20), "call-budget");
        if (callBudget.compareTo(timeout) < 0 || callBudget.compareTo(MAX_BUDGET) > 0) {
            throw new IllegalArgumentException("threadline.erpnext.call-budget must be between the timeout (" + timeout
                    + ") and PT50S, so that one call with its retries ends well inside a 60 s Lambda; was " + callBudget);
        }
        circuitFailureThreshold = circuitFailureThreshold == null ? 5 : circuitFailureThreshold;
        if (circuitFailureThreshold < 1) {
            throw new IllegalArgumentException("threadline.erpnext.circuit-failure-threshold must be at least 1");
        }
        circuitOpenFor = positive(circuitOpenFor, Duration.ofSeconds(30), "circuit-open-for");
        lookupCacheTtl = orDefault(lookupCacheTtl, Duration.ofMinutes(15), "lookup-cache-ttl");
    }

    /** The site's Issue Priority name for the LLM's priority (before checking that the site has it). */
    public String priorityName(Priority priority) {
        return priorityMap.get(priority.label());
    }

    @Override
    public String toString() {
        return "ErpNextConfig[url=" + url + ", timeout=" + timeout
                + ", priorityMap=" + priorityMap + ", retryAttempts=" + retryAttempts + ", callBudget=" + callBudget
                + ", circuitFailureThreshold=" + circuitFailureThreshold + ", circuitOpenFor=" + circuitOpenFor + "]";
    }

    private static String validUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("ERPNEXT_URL (threadline.erpnext.url) must be set to the ERPNext site's"
                    + " base URL, e.g. https://erp.example.com");
        }
        String trimmed = url.strip();
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ERPNEXT_URL is not a valid URL", e);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("ERPNEXT_URL must be an http(s) base URL without credentials, query"
                    + " or fragment, e.g. https://erp.example.com");
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /**
     * Frappe's {@code Authorization} header value, {@code token key:secret}, from the current credentials.
     *
     * @throws IllegalArgumentException naming the variable when one is missing or malformed
     */
    public static String authorization(String apiKey, String apiSecret) {
        String key = credential(apiKey, "ERPNEXT_API_KEY");
        if (key.contains(":")) {
            throw new IllegalArgumentException("ERPNEXT_API_KEY must not contain ':': Frappe splits 'token key:secret' on it");
        }
        return "token " + key + ":" + credential(apiSecret, "ERPNEXT_API_SECRET");
    }

    private static String credential(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set: generate it in ERPNext under User > Settings > API Access");
        }
        if (!value.strip().equals(value) || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(name + " must not contain whitespace");
        }
        return value;
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration d = value == null ? fallback : value;
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("threadline.erpnext." + name + " must be positive, was " + d);
        }
        return d;
    }

    private static Duration orDefault(Duration value, Duration fallback, String name) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative()) {
            throw new IllegalArgumentException("threadline.erpnext." + name + " must not be negative, was " + d);
        }
        return d;
    }

    /** Defaults merged with overrides, keyed by {@link Priority#label()}; unknown keys are an error. */
    private static Map<String, String> priorities(Map<String, String> overrides) {
        Map<Priority, String> merged = new EnumMap<>(Priority.class);
        merged.put(Priority.LOW, "Low");
        merged.put(Priority.MEDIUM, "Medium");
        merged.put(Priority.HIGH, "High");
        merged.put(Priority.CRITICAL, "High");
        merged.put(Priority.URGENT, "High");
        if (overrides != null) {
            overrides.forEach((key, value) -> {
                Priority p = Priority.parse(key).orElseThrow(() -> new IllegalArgumentException(
                        "threadline.erpnext.priority-map has an unknown key '" + key + "'; expected one of "
                                + "low, medium, high, critical, urgent"));
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException("threadline.erpnext.priority-map."
                            + key.toLowerCase(Locale.ROOT) + " must name an Issue Priority");
                }
                merged.put(p, value.strip());
            });
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        merged.forEach((p, name) -> out.put(p.label(), name));
        return java.util.Collections.unmodifiableMap(out);
    }
}
