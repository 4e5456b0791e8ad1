package dev.threadline.adapter.transcribe;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.adapter.JsonBodies;
import dev.threadline.adapter.MultipartForm;
import dev.threadline.application.port.Transcriber;
import dev.threadline.config.Functions;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transcriber} on OpenAI's {@code POST {base}/audio/transcriptions} (multipart: {@code file},
 * {@code model}, {@code response_format=json}; the answer's {@code text}), which OpenAI, faster-whisper
 * servers, LocalAI and whisper.cpp's server speak. One attempt: a failure leaves the voice note
 * untranscribed, it never delays the ticket. Logs carry status and sizes, never audio or text.
 */
@Singleton
@Requires(beans = TranscribeConfig.class)
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class OpenAiTranscriber implements Transcriber {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiTranscriber.class);

    private final TranscribeConfig config;
    private final SecretValues secrets;
    private final HttpClient client;

    public OpenAiTranscriber(TranscribeConfig config, SecretValues secrets) {
        this.config = config;
        this.secrets = secrets;
        DefaultHttpClientConfiguration http = new DefaultHttpClientConfiguration();
        http.setReadTimeout(config.timeout());
        http.setConnectTimeout(config.timeout());
        http.setFollowRedirects(false); // the key stays with the host it was configured for
        this.client = HttpClient.create(null, http);
    }

    @Override
    public String transcribe(byte[] audio, String contentType, String fileName) {
        MultipartForm form = new MultipartForm().field("model", config.model()).field("response_format", "json")
                .file("file", fileName, contentType, audio);
        MutableHttpRequest<?> request = HttpRequest.POST(config.transcriptionsUri(), form.body())
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).accept(MediaType.APPLICATION_JSON_TYPE);
        secrets.find(Secret.LLM_API_KEY).filter(k -> !k.isBlank()).ifPresent(key -> request.bearerAuth(key.strip()));
        byte[] body;
        try {
            body = client.toBlocking().retrieve(request, byte[].class);
        } catch (HttpClientResponseException e) {
            throw failed("http-" + e.code(), e);
        } catch (HttpClientException e) {
            throw failed("unreachable or timed out (" + e.getClass().getSimpleName() + ")", e);
        }
        String text = JsonBodies.tree(body).path("text").asText("").strip();
        if (text.isEmpty()) {
            throw failed("no text in the answer", null);
        }
        LOG.info("voice note transcribed", kv("audio_bytes", audio.length), kv("model", config.model()));
        return text;
    }

    private static TranscriptionFailedException failed(String reason, Throwable cause) {
        LOG.warn("voice note not transcribed", kv("reason", reason));
        return new TranscriptionFailedException("transcription failed: " + reason, cause);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
