package dev.threadline.adapter.whatsapp;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.Messenger;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.retry.annotation.Retryable;
import jakarta.annotation.PreDestroy;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Messenger} on Meta's Cloud API: {@code POST <graph>/<version>/<phone-number-id>/messages}
 * with the system-user token (whatsapp.md §5, §6). {@link GraphAnswers} says what an answer means.
 *
 * <p>micronaut-retry repeats a send only when nothing can have been sent: Meta answered a rate-limit
 * or temporary code, or the connection failed before the request went out. Three attempts in all,
 * 200 ms then 400 ms apart with ±50 % jitter; then the {@link MessengerUnavailableException} reaches
 * the caller. A read timeout is {@link SendResult.Unknown}, never repeated: Meta may have sent it.
 * Logs carry codes and reasons, never the phone number, the text or the token.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class GraphApiMessenger implements Messenger {

    private static final Logger LOG = LoggerFactory.getLogger(GraphApiMessenger.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WhatsAppSendConfig config;
    private final SecretValues secrets;
    private final HttpClient client;

    public GraphApiMessenger(WhatsAppSendConfig config, SecretValues secrets) {
        this.config = config;
        this.secrets = secrets;
        secrets.get(Secret.WHATSAPP_ACCESS_TOKEN); // at start-up: a missing token fails the init, naming the variable
        DefaultHttpClientConfiguration http = new DefaultHttpClientConfiguration();
        http.setReadTimeout(config.timeout());
        http.setConnectTimeout(config.timeout());
        http.setFollowRedirects(false);
        this.client = HttpClient.create(null, http);
    }

    @Override
    @Retryable(includes = MessengerUnavailableException.class, attempts = "2", delay = "200ms", multiplier = "2", jitter = "0.5")
    public SendResult sendText(Recipient to, String body, String callbackData) {
        ObjectNode request = envelope(to, "text", callbackData);
        request.putObject("text").put("body", Objects.requireNonNull(body)).put("preview_url", false);
        return post(to, request);
    }

    @Override
    @Retryable(includes = MessengerUnavailableException.class, attempts = "2", delay = "200ms", multiplier = "2", jitter = "0.5")
    public SendResult sendTemplate(Recipient to, Map<String, String> values, String callbackData) {
        ObjectNode request = envelope(to, "template", callbackData);
        ObjectNode template = request.putObject("template").put("name", config.templateName());
        template.putObject("language").put("code", config.templateLanguage());
        if (!config.templateParams().isEmpty()) {
            ArrayNode parameters = template.putArray("components").addObject().put("type", "body").putArray("parameters");
            for (String name : config.templateParams()) {
                String value = values.get(name);
                if (value == null) { // an empty parameter would be Meta's 132000 after the request went out
                    throw new IllegalArgumentException("no value '" + name + "' for the template's parameters");
                }
                parameters.addObject().put("type", "text").put("text", value);
            }
        }
        return post(to, request);
    }

    /** The fields every send has (whatsapp.md §6): {@code to} with {@code +}, so Meta never guesses a country. */
    private static ObjectNode envelope(Recipient to, String type, String callbackData) {
        ObjectNode request = JSON.createObjectNode();
        request.put("messaging_product", "whatsapp");
        request.put("recipient_type", "individual");
        request.put("to", to.phone().startsWith("+") ? to.phone() : "+" + to.phone());
        request.put("type", type);
        if (callbackData != null) {
            request.put("biz_opaque_callback_data", callbackData);
        }
        return request;
    }

    private SendResult post(Recipient to, ObjectNode body) {
        HttpRequest<String> request = HttpRequest.POST(config.messagesUri(to.phoneNumberId()), body.toString())
                // The token at each send: a rotated one is used once SecretValues refreshed.
                .bearerAuth(secrets.get(Secret.WHATSAPP_ACCESS_TOKEN)).contentType(MediaType.APPLICATION_JSON_TYPE);
        SendResult result;
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
            result = GraphAnswers.success(response.code(), response.body());
        } catch (HttpClientResponseException e) {
            result = GraphAnswers.failure(e.code(), e.getResponse().getBody(String.class).orElse(null));
        } catch (HttpClientException e) {
            if (nothingSent(e)) {
                throw new MessengerUnavailableException("WhatsApp unreachable: the connection failed", e);
            }
            result = new SendResult.Unknown("no answer from WhatsApp (" + e.getClass().getSimpleName() + ")");
        }
        if (!(result instanceof SendResult.Accepted)) {
            LOG.warn("WhatsApp send to {} not accepted: {}", to, result);
        }
        return result;
    }

    /** A refused or timed-out connection: the request never reached Meta (Netty's connect timeout is a ConnectException). */
    private static boolean nothingSent(Throwable e) {
        return Stream.iterate(e, Objects::nonNull, Throwable::getCause).anyMatch(ConnectException.class::isInstance);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
