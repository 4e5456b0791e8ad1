package dev.threadline.config;

import static net.logstash.logback.argument.StructuredArguments.kv;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way code reads a credential. Callers ask at the moment they use it, so a rotated value is
 * used on the next call after a refresh, with no redeploy and no restart: the values are read from the
 * {@link SecretSource} at first use and again once they are older than {@code SECRETS_REFRESH} (ISO-8601,
 * default {@link #DEFAULT_REFRESH}). A failed refresh keeps the values it has and tries again after
 * {@link #RETRY_AFTER}: Secrets Manager being briefly unreachable must not stop the functions.
 *
 * <p>Values never reach a log line; {@link #toString()} names only which secrets are set.
 */
@Singleton
public class SecretValues {

    /** How long values are used before they are read again, unless {@code SECRETS_REFRESH} says otherwise. */
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    /**
     * The soonest the source is asked again after a failed read, or after {@link #refreshNow()}: a flood of
     * forged webhooks must not become a flood of GetSecretValue calls (each is billed and rate-limited).
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SecretValues.class);

    private final SecretSource source;
    private final Clock clock;
    private final Duration refresh;
    private Map<String, String> values;
    private Instant readAt = Instant.MIN;
    private Instant nextTry = Instant.MIN;

    @Inject
    public SecretValues(SecretSource source, Clock clock, @Value("${threadline.secrets.refresh:}") String refresh) {
        this(source, clock, refreshInterval(refresh));
    }

    public SecretValues(SecretSource source, Clock clock, Duration refresh) {
        this.source = source;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** A fixed set of values, for tests and tools that build adapters by hand. */
    public static SecretValues of(Map<Secret, String> fixed) {
        Map<String, String> byName = new java.util.HashMap<>();
        fixed.forEach((secret, value) -> byName.put(secret.name(), value));
        return new SecretValues(new SecretSource() {
            @Override
            public Map<String, String> read() {
                return byName;
            }

            @Override
            public String describe() {
                return "fixed values";
            }
        }, Clock.systemUTC(), DEFAULT_REFRESH);
    }

    /**
     * The current value of a credential the caller cannot work without.
     *
     * @throws IllegalStateException naming the secret and where it should be, when it is missing or blank
     */
    public String get(Secret secret) {
        return find(secret).orElseThrow(() -> new IllegalStateException(
                secret.name() + " must be set in " + source.describe()));
    }

    /** The current value of an optional credential; empty when it is missing or blank. */
    public Optional<String> find(Secret secret) {
        return Optional.ofNullable(current().get(secret.name()));
    }

    /**
     * Reads the source again now, unless it was read less than {@link #RETRY_AFTER} ago; for a caller
     * whose check just failed with the cached value (a rotation may have happened since).
     *
     * @return whether this secret's value changed
     */
    public synchronized boolean refreshNow(Secret secret) {
        Instant now = clock.instant();
        if (values == null || now.isBefore(readAt.plus(RETRY_AFTER)) || now.isBefore(nextTry)) {
            return false;
        }
        String before = values.get(secret.name());
        reload(now);
        return !java.util.Objects.equals(before, values.get(secret.name()));
    }

    private synchronized Map<String, String> current() {
        Instant now = clock.instant();
        if (values == null || (!now.isBefore(readAt.plus(refresh)) && !now.isBefore(nextTry))) {
            reload(now);
        }
        return values;
    }

    private void reload(Instant now) {
        try {
            values = Map.copyOf(source.read());
            readAt = now;
        } catch (RuntimeException e) {
            if (values == null) {
                throw e; // nothing to fall back on: the caller (start-up or a use) fails with the source's message
            }
            nextTry = now.plus(RETRY_AFTER);
            LOG.warn("secret refresh failed; using the values read before", kv("source", source.describe()),
                    kv("error", e.getClass().getSimpleName()), kv("readAt", readAt.toString()));
        }
    }

    private static Duration refreshInterval(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_REFRESH;
        }
        try {
            Duration d = Duration.parse(text.strip());
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below, with the variable's name
        }
        throw new IllegalArgumentException("SECRETS_REFRESH must be a positive ISO-8601 duration, e.g. PT5M; was " + text);
    }

    @Override
    public synchronized String toString() {
        return "SecretValues[from " + source.describe() + ", set: "
                + (values == null ? "not read yet" : new TreeSet<>(values.keySet())) + ", refresh " + refresh + "]";
    }
}
