package dev.threadline.config;

import java.util.Map;

/**
 * Where {@link SecretValues} reads the credentials from: Secrets Manager on Lambda
 * ({@code adapter/secretsmanager}), the functions' properties locally ({@link PropertySecrets}).
 */
public interface SecretSource {

    /**
     * The current values by {@link Secret} name; a missing or blank key is simply absent.
     *
     * @throws IllegalStateException when the source cannot be read (no permission, no such secret, not JSON);
     *     the message names the source and never holds a value
     */
    Map<String, String> read();

    /** Where the values come from, for error messages: {@code "the secret <arn>"} or {@code "the environment"}. */
    String describe();
}
