package dev.threadline.config;

import io.micronaut.context.annotation.Secondary;
import io.micronaut.core.value.PropertyResolver;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * The credentials from the functions' properties, i.e. from the environment variables of the same
 * names: the local stack and the tests, where no {@code SECRETS_ARN} is set.
 */
@Singleton
@Secondary // gives way to Secrets Manager whenever SECRETS_ARN is set
public class PropertySecrets implements SecretSource {

    private final PropertyResolver properties;

    public PropertySecrets(PropertyResolver properties) {
        this.properties = properties;
    }

    @Override
    public Map<String, String> read() {
        Map<String, String> values = new HashMap<>();
        for (Secret secret : Secret.values()) {
            properties.get(secret.property(), String.class)
                    .filter(value -> !value.isBlank())
                    .ifPresent(value -> values.put(secret.name(), value));
        }
        return values;
    }

    @Override
    public String describe() {
        return "the environment";
    }
}
