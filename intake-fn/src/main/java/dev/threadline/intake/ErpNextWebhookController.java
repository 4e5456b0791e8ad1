package dev.threadline.intake;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.adapter.erpnext.FrappeWebhook;
import dev.threadline.adapter.erpnext.FrappeWebhook.MalformedEventException;
import dev.threadline.application.AcceptHelpdeskEvent;
import dev.threadline.application.AcceptHelpdeskEvent.Change;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ERPNext's webhooks (docs/contracts/erpnext.md §10): agents' comments and tickets' status changes.
 *
 * <p>Status codes for Frappe's retries: it tries 3 times on any non-2xx and then drops the event, so
 * 200 means "queued, a duplicate, or deliberately ignored"; 401 and 400 are never worth a retry; 503
 * means "not stored, send it again". Nothing is written before the signature is verified.
 */
@Controller("/webhooks/erpnext")
public class ErpNextWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(ErpNextWebhookController.class);
    /** Far above a Comment or Issue change; bounds the work an unsigned request can cause. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final FrappeWebhook webhook;
    private final AcceptHelpdeskEvent accept;

    public ErpNextWebhookController(FrappeWebhook webhook, AcceptHelpdeskEvent accept) {
        this.webhook = webhook;
        this.accept = accept;
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, Object>> receive(
            @Body @Nullable byte[] body, @Header("X-Frappe-Webhook-Signature") @Nullable String signature) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!webhook.enabled()) {
            return answer(HttpStatus.NOT_FOUND, "error", "helpdesk events are off: FRAPPE_WEBHOOK_SECRET is not set");
        }
        if (raw.length > MAX_BODY_BYTES || !webhook.verify(raw, signature)) {
            LOG.warn("erpnext webhook refused: bad signature or size", kv("signaturePresent", signature != null), kv("bytes", raw.length));
            return answer(HttpStatus.UNAUTHORIZED, "error", "missing or invalid X-Frappe-Webhook-Signature");
        }
        Change change;
        try {
            change = webhook.parse(raw);
        } catch (MalformedEventException e) {
            LOG.warn("erpnext webhook refused: malformed", kv("reason", e.getMessage()));
            return answer(HttpStatus.BAD_REQUEST, "error", e.getMessage());
        }
        if (change == null) {
            return answer(HttpStatus.OK, "outcome", "ignored");
        }
        try {
            AcceptHelpdeskEvent.Outcome outcome = accept.accept(change);
            LOG.info("erpnext webhook accepted", kv("doctype", change.doctype()), kv("ticket", change.ticketId()), kv("outcome", outcome));
            return answer(HttpStatus.OK, "outcome", outcome.name().toLowerCase());
        } catch (RuntimeException e) {
            LOG.error("erpnext webhook not stored, asking ERPNext to retry", kv("error", e.getClass().getSimpleName()));
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "error", "temporarily unable to store the event, retry");
        }
    }

    private static HttpResponse<Map<String, Object>> answer(HttpStatus status, String key, String value) {
        return HttpResponse.<Map<String, Object>>status(status).body(Map.of(key, value));
    }
}
