package dev.threadline.embedded;

import io.micronaut.context.ApplicationContext;
import java.util.Map;

/**
 * A function's context started as Lambda starts it (every singleton created at init), for the
 * functions' start-up tests: what starts, and what the runtime would report when it does not.
 */
public final class LambdaInit {

    private LambdaInit() {}

    public static ApplicationContext start(Map<String, Object> settings) {
        return ApplicationContext.builder().eagerInitSingletons(true).properties(settings).start();
    }

    /**
     * The root cause of starting with {@code settings} (the line Lambda reports as the init error), or
     * {@code null} when it starts.
     */
    public static Throwable initFailure(Map<String, Object> settings) {
        try (ApplicationContext started = start(settings)) {
            return null;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root;
        }
    }
}
