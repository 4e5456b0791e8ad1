package dev.threadline.intake;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.adapter.whatsapp.WebhookParser;
import dev.threadline.adapter.whatsapp.WebhookParser.MalformedWebhookException;
import dev.threadline.adapter.whatsapp.WebhookSignature;
import dev.threadline.application.AcceptWebhook;
import dev.threadline.application.AcceptWebhook.Accepted;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import dev.threadline.domain.WebhookDelivery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta's WhatsApp webhook: the verification handshake (GET) and event delivery (POST).
 *
 * <p>Status codes are chosen for Meta's retry behaviour (whatsapp.md §4): Meta
 * retries every non-200 for up to 7 days, so 200 means "durably queued or deliberately ignored",
 * and 5xx means "not persisted, send it again".
 */
@Controller("/webhooks/whatsapp")
public class WhatsAppWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhookController.class);
    /** Meta's documented maximum webhook payload. */
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private final SecretValues secrets;
    private final WebhookSignature signature;
    private final WebhookParser parser;
    private final AcceptWebhook acceptWebhook;

    public WhatsAppWebhookController(
            SecretValues secrets, WebhookSignature signature, WebhookParser parser, AcceptWebhook acceptWebhook) {
        this.secrets = secrets;
        // At start-up (Lambda creates every singleton at init): a missing credential fails it, naming the key.
        secrets.get(Secret.WHATSAPP_APP_SECRET);
        secrets.get(Secret.WHATSAPP_VERIFY_TOKEN);
        this.signature = signature;
        this.parser = parser;
        this.acceptWebhook = acceptWebhook;
    }

    /** Echoes {@code hub.challenge} verbatim when the mode and verify token match; 403 otherwise. */
    @Get(produces = MediaType.TEXT_PLAIN)
    public HttpResponse<String> handshake(
            @QueryValue("hub.mode") @Nullable String mode,
            @QueryValue("hub.verify_token") @Nullable String token,
            @QueryValue("hub.challenge") @Nullable String challenge) {
        boolean tokenMatches = token != null && MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), secrets.get(Secret.WHATSAPP_VERIFY_TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenMatches || challenge == null) {
            LOG.warn("webhook handshake refused", kv("modeIsSubscribe", "subscribe".equals(mode)),
                    kv("tokenMatches", tokenMatches), kv("hasChallenge", challenge != null));
            return HttpResponse.<String>status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN_TYPE).body("forbidden");
        }
        LOG.info("webhook handshake accepted");
        return HttpResponse.ok(challenge).contentType(MediaType.TEXT_PLAIN_TYPE);
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> receive(
            @Body @Nullable byte[] body, @Header("X-Hub-Signature-256") @Nullable String signatureHeader) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY_BYTES) {
            LOG.warn("webhook refused: body too large", kv("bytes", raw.length));
            return error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body exceeds 3 MB");
        }
        if (!signature.verify(raw, signatureHeader)) {
            LOG.warn("webhook refused: bad signature", kv("signaturePresent", signatureHeader != null), kv("bytes", raw.length));
            return error(HttpStatus.UNAUTHORIZED, "missing or invalid X-Hub-Signature-256");
        }
        WebhookDelivery delivery;
        try {
            delivery = parser.parse(raw);
        } catch (MalformedWebhookException e) {
            LOG.warn("webhook refused: malformed payload", kv("reason", e.getMessage()), kv("bytes", raw.length));
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        Accepted accepted;
        try {
            accepted = acceptWebhook.accept(delivery);
        } catch (RuntimeException e) {
            // Not persisted: Meta must retry. The ledger makes the retry safe.
            LOG.error("webhook not persisted, asking Meta to retry", kv("error", e.getClass().getSimpleName()),
                    kv("detail", e.getMessage()), kv("messages", delivery.messages().size()));
            return error(HttpStatus.SERVICE_UNAVAILABLE, "temporarily unable to persist, retry");
        }
        return ok(accepted);
    }

    /** 200 with the counts Meta ignores and people read; logged without message text or numbers. */
    private static HttpResponse<Map<String, Object>> ok(Accepted accepted) {
        LOG.info("webhook accepted", kv("received", accepted.received()), kv("queued", accepted.queued()),
                kv("duplicates", accepted.duplicates()), kv("requeued", accepted.requeued()),
                kv("statuses", accepted.statuses()), kv("otherChanges", accepted.otherChanges()),
                kv("rejected", accepted.rejected()), kv("errors", accepted.errors()), kv("foreign", accepted.foreign()));
        return HttpResponse.ok(Map.of(
                "received", accepted.received(),
                "queued", accepted.queued(),
                "duplicates", accepted.duplicates(),
                "statuses", accepted.statuses(),
                "ignored", accepted.otherChanges(),
                "rejected", accepted.rejected(),
                "errors", accepted.errors(),
                "foreign", accepted.foreign()));
    }

    private static HttpResponse<Map<String, Object>> error(HttpStatus status, String message) {
        return HttpResponse.<Map<String, Object>>status(status).body(Map.of("error", message));
    }
}
