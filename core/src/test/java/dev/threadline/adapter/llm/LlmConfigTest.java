package dev.threadline.adapter.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmConfigTest {

    private static LlmConfig config(String baseUrl, String model, String apiKey) {
        return new LlmConfig(baseUrl, model, apiKey, Duration.ofSeconds(8), 300, 0.0);
    }

    @Test
    void acceptsTheUsualServers_andDropsATrailingSlash() {
        assertThat(config("https://api.openai.com/v1/", "gpt-4o-mini", "sk-x").baseUrl())
                .isEqualTo("https://api.openai.com/v1");
        assertThat(config(" http://localhost:11434/v1 ", " qwen2.5:7b ", null))
                .extracting(LlmConfig::baseUrl, LlmConfig::model)
                .containsExactly("http://localhost:11434/v1", "qwen2.5:7b");
        assertThat(config("http://10.0.0.5:8000/v1", "m", null).baseUrl()).isEqualTo("http://10.0.0.5:8000/v1");
    }

    @Test
    void rejectsAMissingOrUnusableBaseUrl_namingTheVariable() {
        for (String url : new String[] {null, "", "  ", "localhost:11434/v1", "ftp://host/v1", "/v1", "http:///v1"}) {
            assertThatThrownBy(() -> config(url, "m", null)).as(String.valueOf(url))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LLM_BASE_URL");
        }
    }

    @Test
    void rejectsCredentialsQueriesAndFragmentsInTheBaseUrl() {
        assertThatThrownBy(() -> config("https://user:secret@api.example.com/v1", "m", null))
                .hasMessageContaining("LLM_API_KEY").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> config("https://api.example.com/v1?key=abc", "m", null)).hasMessageContaining("query");
        assertThatThrownBy(() -> config("https://api.example.com/v1#x", "m", null)).hasMessageContaining("fragment");
    }

    @Test
    void requiresAModel() {
        assertThatThrownBy(() -> config("http://localhost:8000/v1", null, null)).hasMessageContaining("LLM_MODEL");
        assertThatThrownBy(() -> config("http://localhost:8000/v1", " ", null)).hasMessageContaining("LLM_MODEL");
    }

    @Test
    void treatsABlankKeyAsNoKey_andNeverPrintsAKey() {
        assertThat(config("http://localhost:8000/v1", "m", "  ").hasApiKey()).isFalse();
        LlmConfig keyed = config("https://api.openai.com/v1", "m", "sk-very-secret");

        assertThat(keyed.hasApiKey()).isTrue();
        assertThat(keyed.apiKey()).isEqualTo("sk-very-secret");
        assertThat(keyed.toString()).doesNotContain("sk-very-secret").contains("apiKey=<set>");
    }

    @Test
    void rejectsTimeoutsMaxTokensAndTemperaturesOutOfRange() {
        String url = "http://localhost:8000/v1";
        assertThatThrownBy(() -> new LlmConfig(url, "m", null, Duration.ZERO, 300, 0))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new LlmConfig(url, "m", null, Duration.ofMinutes(6), 300, 0))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new LlmConfig(url, "m", null, null, 300, 0)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new LlmConfig(url, "m", null, Duration.ofSeconds(8), 10, 0))
                .hasMessageContaining("max-tokens");
        assertThatThrownBy(() -> new LlmConfig(url, "m", null, Duration.ofSeconds(8), 300, -0.1))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new LlmConfig(url, "m", null, Duration.ofSeconds(8), 300, Double.NaN))
                .hasMessageContaining("temperature");
    }
}
