package dev.threadline.adapter.erpnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.domain.Priority;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErpNextConfigTest {

    /** The site's settings, and the credentials checked as each request checks them (they come from SecretValues). */
    private static ErpNextConfig config(String url, String key, String secret) {
        ErpNextConfig config = new ErpNextConfig(url, null, null, null, null, null, null, null, null, null, null);
        ErpNextConfig.authorization(key, secret);
        return config;
    }

    private static ErpNextConfig withBudget(Duration timeout, Duration budget) {
        return new ErpNextConfig("https://erp.example.com", timeout, null, null, null, null, null, budget,
                null, null, null);
    }

    @Test
    void hasSmallSafeDefaults_thatFitInsideALambda() {
        ErpNextConfig c = config("https://erp.example.com/", "key", "secret");

        assertThat(c.url()).isEqualTo("https://erp.example.com");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.retryAttempts()).isEqualTo(3);
        assertThat(c.retryBaseDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.retryMaxDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.callBudget()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.circuitFailureThreshold()).isEqualTo(5);
        assertThat(c.circuitOpenFor()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void mapsLlmPriorities_toSiteNames_withCriticalAndUrgentOnHighByDefault() {
        ErpNextConfig defaults = config("https://erp.example.com", "key", "secret");
        assertThat(defaults.priorityName(Priority.LOW)).isEqualTo("Low");
        assertThat(defaults.priorityName(Priority.CRITICAL)).isEqualTo("High");
        assertThat(defaults.priorityName(Priority.URGENT)).isEqualTo("High");

        ErpNextConfig custom = new ErpNextConfig("https://erp.example.com", null,
                Map.of("critical", "Urgent", "LOW", " Laag "), null, null, null, null, null, null, null, null);
        assertThat(custom.priorityName(Priority.CRITICAL)).isEqualTo("Urgent");
        assertThat(custom.priorityName(Priority.LOW)).isEqualTo("Laag");
        assertThat(custom.priorityName(Priority.HIGH)).isEqualTo("High");
    }

    @Test
    void rejectsMissingOrMalformedSettings_namingTheVariable() {
        assertThatThrownBy(() -> config(null, "k", "s")).hasMessageContaining("ERPNEXT_URL");
        assertThatThrownBy(() -> config("erp.example.com", "k", "s")).hasMessageContaining("ERPNEXT_URL");
        assertThatThrownBy(() -> config("https://erp.example.com?x=1", "k", "s")).hasMessageContaining("ERPNEXT_URL");
        assertThatThrownBy(() -> config("https://erp.example.com", " ", "s")).hasMessageContaining("ERPNEXT_API_KEY");
        assertThatThrownBy(() -> config("https://erp.example.com", "a:b", "s")).hasMessageContaining("':'");
        assertThatThrownBy(() -> config("https://erp.example.com", "k", "")).hasMessageContaining("ERPNEXT_API_SECRET");
        assertThatThrownBy(() -> config("https://erp.example.com", "k", "s s")).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> new ErpNextConfig("https://erp.example.com", null, Map.of("severe", "High"),
                null, null, null, null, null, null, null, null)).hasMessageContaining("unknown key 'severe'");
    }

    @Test
    void refusesABudgetThatCouldOutliveALambda() {
        assertThatThrownBy(() -> withBudget(Duration.ofSeconds(10), Duration.ofSeconds(55))).hasMessageContaining("PT50S");
        assertThatThrownBy(() -> withBudget(Duration.ofSeconds(10), Duration.ofSeconds(5))).hasMessageContaining("call-budget");
        assertThatThrownBy(() -> withBudget(Duration.ofSeconds(40), null)).hasMessageContaining("timeout");
        assertThat(withBudget(Duration.ofSeconds(5), Duration.ofSeconds(50)).callBudget()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void holdsNoCredential_theyAreReadAtEachRequest() {
        assertThat(config("https://erp.example.com", "the-key", "the-secret").toString())
                .doesNotContain("the-key").doesNotContain("the-secret");
        assertThat(ErpNextConfig.authorization("the-key", "the-secret")).isEqualTo("token the-key:the-secret");
    }
}
