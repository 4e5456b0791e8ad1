package dev.threadline.adapter.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.threadline.adapter.whatsapp.WebhookSignature;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import dev.threadline.fakes.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The credentials are read at run time from Secrets Manager, through the real SDK client, against a
 * tiny in-process server that speaks the GetSecretValue action of Secrets Manager's JSON protocol
 * (awsJson1_1: POST /, {@code X-Amz-Target: secretsmanager.GetSecretValue}). Time is a
 * {@link MutableClock}: nothing waits.
 */
class SecretsAtRunTimeTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:threadline/test-AbCdEf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> secret = Map.of(
            "WHATSAPP_APP_SECRET", "app-secret-1", "ERPNEXT_API_KEY", "key-1", "ERPNEXT_API_SECRET", "secret-1");
    private volatile int failWith;
    private HttpServer server;
    private ApplicationContext context;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String secretId = JSON.readTree(exchange.getRequestBody()).path("SecretId").asText();
            requests.add(target + " " + secretId);
            byte[] body;
            int status = failWith;
            if (status != 0) {
                body = "{\"__type\":\"InternalServiceError\",\"message\":\"try later\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = JSON.writeValueAsBytes(Map.of("ARN", ARN, "Name", "threadline/test", "VersionId", "v",
                        "SecretString", JSON.writeValueAsString(secret), "CreatedDate", 1.7e9));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        context = ApplicationContext.builder().properties(Map.of(
                "threadline.secrets.arn", ARN, "threadline.function", "intake", // the signature check is intake's
                "aws.region", "eu-central-1", "aws.access-key-id", "test", "aws.secret-key", "test",
                "aws.services.secretsmanager.endpoint-override", "http://127.0.0.1:" + server.getAddress().getPort(),
                // retries would only slow the failure tests down; the refresh logic is what is tested
                "aws.client.retry-mode", "standard")).singletons(clock).start();
    }

    @AfterEach
    void stop() {
        context.close();
        server.stop(0);
    }

    @Test
    void aRotatedValue_isUsedOnTheFirstCallAfterTheRefreshInterval_withoutARestart() {
        SecretValues secrets = context.getBean(SecretValues.class);
        assertThat(secrets.get(Secret.ERPNEXT_API_KEY)).isEqualTo("key-1");
        assertThat(requests).containsExactly("secretsmanager.GetSecretValue " + ARN);

        secret = Map.of("ERPNEXT_API_KEY", "key-2", "ERPNEXT_API_SECRET", "secret-2");
        clock.advance(SecretValues.DEFAULT_REFRESH.minusSeconds(1));
        assertThat(secrets.get(Secret.ERPNEXT_API_KEY)).as("cached within SECRETS_REFRESH").isEqualTo("key-1");
        assertThat(requests).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(secrets.get(Secret.ERPNEXT_API_KEY)).isEqualTo("key-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void aSignatureMadeWithTheRotatedAppSecret_verifiesAtOnce_andForgeriesCostAtMostOneReadPer30Seconds() {
        WebhookSignature signature = context.getBean(WebhookSignature.class);
        byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);
        String signedWithOld = signature.sign(body);
        assertThat(signature.verify(body, signedWithOld)).isTrue();

        secret = Map.of("WHATSAPP_APP_SECRET", "app-secret-2");
        String signedWithNew = new WebhookSignature("app-secret-2").sign(body);
        clock.advance(Duration.ofSeconds(31));
        assertThat(signature.verify(body, signedWithNew)).as("refreshed on the failed check, no restart").isTrue();
        int reads = requests.size();

        String forged = new WebhookSignature("forger").sign(body);
        for (int i = 0; i < 20; i++) {
            assertThat(signature.verify(body, forged)).isFalse();
        }
        assertThat(requests).as("forged signatures within 30 s read the secret no more").hasSize(reads);
        assertThat(signature.verify(body, signedWithOld)).as("the old value no longer verifies").isFalse();
    }

    @Test
    void aFailedRefresh_keepsTheValuesItHas() {
        SecretValues secrets = context.getBean(SecretValues.class);
        assertThat(secrets.get(Secret.ERPNEXT_API_SECRET)).isEqualTo("secret-1");

        failWith = 500;
        clock.advance(SecretValues.DEFAULT_REFRESH);
        assertThat(secrets.get(Secret.ERPNEXT_API_SECRET)).isEqualTo("secret-1");
    }

    @Test
    void aMissingKey_failsNamingItAndTheSecret_andNoValueIsEverShown() {
        SecretValues secrets = context.getBean(SecretValues.class);
        assertThatThrownBy(() -> secrets.get(Secret.MATTERMOST_WEBHOOK_URL))
                .hasMessage("MATTERMOST_WEBHOOK_URL must be set in the secret " + ARN);
        assertThat(secrets.find(Secret.LLM_API_KEY)).isEmpty();
        assertThat(secrets.toString()).contains("ERPNEXT_API_KEY", "WHATSAPP_APP_SECRET")
                .doesNotContain("key-1", "secret-1", "app-secret-1");
    }

    @Test
    void aSecretThatCannotBeRead_failsStartUpNamingSecretsArn() {
        failWith = 400;
        SecretValues secrets = context.getBean(SecretValues.class);
        assertThatThrownBy(() -> secrets.get(Secret.ERPNEXT_API_KEY))
                .hasMessageStartingWith("SECRETS_ARN: cannot read the secret " + ARN);
    }
}
