package dev.threadline.adapter.secretsmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.config.SecretSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The credentials from one Secrets Manager secret ({@code SECRETS_ARN}): a JSON object whose keys are
 * the {@link dev.threadline.config.Secret} names and whose values are strings. One
 * {@code GetSecretValue} per read (the AWSCURRENT version); {@code SecretValues} decides how often.
 * The function's role may read this secret only (infra/template.yaml, {@code ReadSecrets}).
 *
 * <p>Failures name the secret and the SDK's error class, never a value: the exception message of a
 * JSON parse error could quote the secret, so it is dropped.
 */
@Singleton
@Requires(property = "threadline.secrets.arn", pattern = ".+")
public class SecretsManagerSecrets implements SecretSource {

    private final SecretsManagerClient client;
    private final ObjectMapper json;
    private final String secretId;

    public SecretsManagerSecrets(SecretsManagerClient client, ObjectMapper json,
                                 @Value("${threadline.secrets.arn}") String secretId) {
        this.client = client;
        this.json = json;
        this.secretId = secretId.strip();
    }

    @Override
    public Map<String, String> read() {
        String text;
        try {
            text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new IllegalStateException("SECRETS_ARN: cannot read " + describe() + " ("
                    + e.getClass().getSimpleName() + "; the function's role needs secretsmanager:GetSecretValue on it)", e);
        }
        if (text == null) {
            throw new IllegalStateException("SECRETS_ARN: " + describe() + " has no SecretString (a binary secret?)");
        }
        JsonNode object;
        try {
            object = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SECRETS_ARN: " + describe() + " is not a JSON object");
        }
        if (object == null || !object.isObject()) {
            throw new IllegalStateException("SECRETS_ARN: " + describe() + " is not a JSON object");
        }
        Map<String, String> values = new HashMap<>();
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                values.put(e.getKey(), e.getValue().asText());
            }
        });
        return values;
    }

    @Override
    public String describe() {
        return "the secret " + secretId;
    }
}
