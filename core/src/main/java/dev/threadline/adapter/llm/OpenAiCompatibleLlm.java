package dev.threadline.adapter.llm;

import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Classification;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Transcript;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.ContentLengthExceededException;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IssueClassifier} and {@link IssueJudge} over any OpenAI-compatible chat completions
 * server: one blocking {@code POST {baseUrl}/chat/completions} per call, no retries (the ticket
 * function's fallback policy and the queue's redelivery are the retry strategy).
 *
 * <p>Only fields that OpenAI, vLLM, Ollama and the llama.cpp server all accept are sent:
 * {@code model}, {@code messages}, {@code temperature}, {@code max_tokens} and
 * {@code response_format: {"type":"json_object"}} (answers are validated strictly anyway, because
 * some servers ignore it). {@code Authorization: Bearer} is sent only when an API key is
 * configured. Redirects are not followed, so the key never travels to another host.
 *
 * <p>Every failure is an {@link AiUnavailableException} whose reason is:
 * <ul>
 *   <li>{@code timeout}: no complete answer within {@link LlmConfig#timeout()};</li>
 *   <li>{@code http-<status>}: any status other than 200, e.g. {@code http-401} (bad key),
 *       {@code http-404} (unknown model or path), {@code http-429} (rate limit),
 *       {@code http-503} (model loading);</li>
 *   <li>{@code unreachable}: no response at all: connection refused or reset, DNS, TLS,
 *       connect timeout;</li>
 *   <li>{@code unparseable}: a 200 whose body or answer fails validation (see {@link Replies}).</li>
 * </ul>
 * Neither exception messages nor logs contain customer text or model output: messages are fixed
 * phrases naming the failed rule, plus at most a short error code from the server's error body
 * ({@code invalid_api_key}). The logs carry the operation, model, reason, that message and the
 * duration.
 */
@Singleton
@Named("llm")
@Requires(beans = LlmConfig.class)
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class OpenAiCompatibleLlm implements IssueClassifier, IssueJudge {

    /** An SQS batch is at most 10 messages, and so is a turn: the judge's token budget is sized for no more. */
    static final int MAX_TURN = 10;
    /** A chat completion for these prompts is a few KB; anything near this is not an answer. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    static final String TIMEOUT = "timeout";
    static final String UNREACHABLE = "unreachable";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleLlm.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LlmConfig config;
    private final SecretValues secrets;
    private final URI completionsUri;
    private final HttpClient http;

    public OpenAiCompatibleLlm(LlmConfig config, SecretValues secrets) {
        this.config = config;
        this.secrets = secrets;
        this.completionsUri = URI.create(config.baseUrl() + "/chat/completions");
        DefaultHttpClientConfiguration httpConfig = new DefaultHttpClientConfiguration();
        // Micronaut 4 applies the read timeout to the whole exchange, not to each read.
        httpConfig.setReadTimeout(config.timeout());
        httpConfig.setConnectTimeout(config.timeout());
        httpConfig.setFollowRedirects(false);
        httpConfig.setExceptionOnErrorStatus(false);
        httpConfig.setMaxContentLength(MAX_RESPONSE_BYTES);
        httpConfig.setNumOfThreads(1);
        try {
            this.http = HttpClient.create(completionsUri.resolve("/").toURL(), httpConfig);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("LLM_BASE_URL is not a valid URL", e);
        }
    }

    /**
     * Sends the classification prompt and validates the JSON answer.
     *
     * @throws AiUnavailableException see the class comment for the reasons
     */
    @Override
    public Classification classify(Transcript conversation) {
        ObjectNode body = requestBody(Prompts.classify(conversation), config.maxTokens());
        body.putObject("response_format").put("type", "json_object");
        return call("classify", body, Replies::classification);
    }

    /**
     * Asks the seed's SAME/NEW question for every message of the turn in one call (see
     * {@link Prompts#judge}); the answer also classifies each NEW issue (see
     * {@link Replies#judgements}). Each entry may carry a classification, so {@code max_tokens} is
     * the classification budget per message, for at most {@value #MAX_TURN} messages.
     *
     * @throws AiUnavailableException see the class comment for the reasons
     */
    @Override
    public List<Judgement> judge(JudgeQuestion question) {
        int messages = question.messages().size();
        int maxTokens = Math.min(LlmConfig.MAX_MAX_TOKENS, Math.min(messages, MAX_TURN) * config.maxTokens());
        ObjectNode body = requestBody(Prompts.judge(question), maxTokens);
        body.putObject("response_format").put("type", "json_object");
        return call("judge", body, content -> Replies.judgements(content, messages));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** The request document: only fields every OpenAI-compatible server accepts. */
    ObjectNode requestBody(List<Prompts.Message> messages, int maxTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        ArrayNode array = body.putArray("messages");
        for (Prompts.Message message : messages) {
            array.addObject().put("role", message.role()).put("content", message.content());
        }
        body.put("temperature", config.temperature());
        body.put("max_tokens", maxTokens);
        return body;
    }

    /** One POST, then {@code validate} on the answer's content; every failure is logged once, without data. */
    <T> T call(String operation, ObjectNode body, Function<String, T> validate) {
        MutableHttpRequest<String> request = HttpRequest.POST(completionsUri, body.toString())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .accept(MediaType.APPLICATION_JSON_TYPE);
        // Read at each call (LLM_API_KEY is a credential): a rotated key is used once SecretValues refreshed.
        secrets.find(Secret.LLM_API_KEY).ifPresent(key -> request.bearerAuth(key.strip()));
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = exchange(request);
            if (response.code() != 200) {
                String code = Replies.errorCode(response.getBody(String.class).orElse(null));
                throw new AiUnavailableException("http-" + response.code(), "LLM server answered HTTP "
                        + response.code() + (code == null ? "" : " (" + code + ")"), null);
            }
            T result = validate.apply(Replies.completion(response.getBody().orElse(null)));
            LOG.info("llm call succeeded", kv("llm_operation", operation), kv("llm_model", config.model()),
                    kv("elapsed_ms", elapsedMs(started)));
            return result;
        } catch (AiUnavailableException e) {
            LOG.warn("llm call failed", kv("llm_operation", operation), kv("llm_model", config.model()),
                    kv("reason", e.reason()), kv("detail", e.getMessage()), kv("elapsed_ms", elapsedMs(started)));
            throw e;
        }
    }

    private HttpResponse<String> exchange(MutableHttpRequest<String> request) {
        try {
            return http.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
        } catch (ReadTimeoutException e) {
            throw new AiUnavailableException(TIMEOUT, "no answer from the LLM server within " + config.timeout(), e);
        } catch (HttpClientResponseException e) {
            // Only with exceptionOnErrorStatus on; kept so a config change cannot leak the body into a cause.
            throw new AiUnavailableException("http-" + e.code(), "LLM server answered HTTP " + e.code(), null);
        } catch (ContentLengthExceededException e) {
            throw Replies.unparseable("the answer is larger than " + MAX_RESPONSE_BYTES + " bytes");
        } catch (HttpClientException e) {
            // Transport failures: the message names host and port, never the request body.
            throw new AiUnavailableException(UNREACHABLE, "LLM server unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
