package dev.threadline.ticket.erpnext;

import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link ErpNextFake} and a Micronaut context whose ERPNext adapter points at it, with short
 * timeouts and backoffs so that retry tests stay fast: 500 ms per request, 3 attempts, 10–50 ms
 * backoff, Retry-After honoured up to 2 s, the circuit opening after 3 consecutive failures.
 */
final class ErpNextFixture implements AutoCloseable {

    static final String TIMEOUT = "500ms";

    final ErpNextFake fake;
    final ApplicationContext context;

    private ErpNextFixture(ErpNextFake fake, Map<String, Object> overrides, Object... singletons) {
        this.fake = fake;
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.erpnext.url", fake.baseUrl());
        properties.put("threadline.erpnext.api-key", fake.options().apiKey());
        properties.put("threadline.erpnext.api-secret", fake.options().apiSecret());
        properties.put("threadline.erpnext.timeout", TIMEOUT);
        properties.put("threadline.erpnext.retry-attempts", 3);
        properties.put("threadline.erpnext.retry-base-delay", "10ms");
        properties.put("threadline.erpnext.retry-max-delay", "50ms");
        properties.put("threadline.erpnext.retry-after-cap", "2s");
        properties.put("threadline.erpnext.call-budget", "8s");
        properties.put("threadline.erpnext.circuit-failure-threshold", 3);
        properties.put("threadline.erpnext.circuit-open-for", "1m");
        properties.putAll(overrides);
        this.context = ApplicationContext.builder().properties(properties).singletons(singletons).start();
    }

    static ErpNextFixture start(ErpNextOptions options) {
        return start(options, Map.of());
    }

    /** @param singletons beans that replace the context's own, e.g. a {@code MutableClock} */
    static ErpNextFixture start(ErpNextOptions options, Map<String, Object> overrides, Object... singletons) {
        ErpNextFake fake = ErpNextFake.start(options);
        try {
            return new ErpNextFixture(fake, overrides, singletons);
        } catch (RuntimeException e) {
            fake.close();
            throw e;
        }
    }

    /** A site where setup-erpnext has run. */
    static ErpNextFixture setUpSite() {
        return start(ErpNextOptions.defaults().withThreadlineFields());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
        fake.close();
    }
}
