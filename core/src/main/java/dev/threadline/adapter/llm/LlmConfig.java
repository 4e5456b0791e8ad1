package dev.threadline.adapter.llm;

import dev.threadline.config.Functions;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the OpenAI-compatible chat completions server is and how to call it. The same settings
 * work for OpenAI ({@code https://api.openai.com/v1}), vLLM ({@code http://host:8000/v1}), Ollama
 * ({@code http://host:11434/v1}) and the llama.cpp server ({@code http://host:8080/v1}).
 *
 * @param baseUrl {@code LLM_BASE_URL}: the API root that {@code /chat/completions} is appended to;
 *     absolute http(s), no query, fragment or user-info; a trailing slash is dropped
 * @param model {@code LLM_MODEL}: the model name the server knows, e.g. {@code gpt-4o-mini} or
 *     {@code qwen2.5:7b-instruct}; required (nullable only so that its absence gets a clear message)
 * @param apiKey {@code LLM_API_KEY}: sent as {@code Authorization: Bearer ...} when set; local
 *     servers need none. Blank means absent. Never appears in {@link #toString()}.
 * @param timeout the whole call, from connecting to the last byte of the answer (default 8 s); the
 *     ticket function must still have time for ERPNext after an AI timeout
 * @param maxTokens {@code max_tokens} for a classification (default 300): the JSON answer needs
 *     about 80; a low cap bounds cost and latency when a model rambles. A judgement gets this much
 *     per message, since each of its verdicts may carry a classification
 * @param temperature sampling temperature (default 0: the same conversation should get the same
 *     answer)
 */
@ConfigurationProperties("threadline.llm")
@Requires(property = "threadline.llm.base-url", pattern = ".+")
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public record LlmConfig(
        String baseUrl,
        @Nullable String model,
        @Nullable String apiKey,
        @Bindable(defaultValue = "PT8S") Duration timeout,
        @Bindable(defaultValue = "300") int maxTokens,
        @Bindable(defaultValue = "0") double temperature) {

    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    static final int MIN_MAX_TOKENS = 64;
    static final int MAX_MAX_TOKENS = 4096;

    public LlmConfig {
        baseUrl = validBaseUrl(baseUrl);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("LLM_MODEL must be set: the model name the LLM server serves");
        }
        model = model.strip();
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "threadline.llm.timeout must be positive and at most PT5M, got " + timeout);
        }
        if (maxTokens < MIN_MAX_TOKENS || maxTokens > MAX_MAX_TOKENS) {
            throw new IllegalArgumentException("threadline.llm.max-tokens must be within [" + MIN_MAX_TOKENS + ", "
                    + MAX_MAX_TOKENS + "]: the JSON answer needs about 80 tokens, got " + maxTokens);
        }
        if (!(temperature >= 0.0 && temperature <= 2.0)) {
            throw new IllegalArgumentException("threadline.llm.temperature must be within [0, 2], got " + temperature);
        }
    }

    /** Whether calls carry an {@code Authorization} header. */
    public boolean hasApiKey() {
        return apiKey != null;
    }

    private static String validBaseUrl(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "LLM_BASE_URL must be set, e.g. https://api.openai.com/v1 or http://localhost:11434/v1");
        }
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("LLM_BASE_URL is not a valid URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("LLM_BASE_URL must be an absolute http(s) URL with a host, e.g. "
                    + "https://api.openai.com/v1");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in the URL would end up in logs and toString(); there is a separate setting.
            throw new IllegalArgumentException("LLM_BASE_URL must not contain credentials: set LLM_API_KEY instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("LLM_BASE_URL must not have a query or fragment: /chat/completions "
                    + "is appended to it");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "LlmConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (hasApiKey() ? "<set>" : "<none>")
                + ", timeout=" + timeout + ", maxTokens=" + maxTokens + ", temperature=" + temperature + "]";
    }
}
