package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one Webhook execution sends (erpnext.md §10.3): the object built from {@code webhook_data}
 * ({@code {key: doc[fieldname]}}, in row order), written as Python's {@code json.dumps(payload,
 * default=str)}; exactly the {@code webhook_headers}, plus {@code X-Frappe-Webhook-Signature} (base64 of
 * HMAC-SHA256 over those bytes, keyed with the secret) when {@code enable_security} is on.
 */
final class WebhookPayload {

    static final String SIGNATURE_HEADER = "X-Frappe-Webhook-Signature";

    private WebhookPayload() {}

    static String body(ObjectNode webhook, ObjectNode doc) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (JsonNode row : webhook.path("webhook_data")) {
            payload.put(row.path("key").asText(), Values.python(doc.get(row.path("fieldname").asText())));
        }
        return PythonJson.dumps(payload);
    }

    static Map<String, String> headers(ObjectNode webhook, String secret, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode row : webhook.path("webhook_headers")) {
            String key = text(row, "key");
            if (key != null && !key.isBlank()) {
                headers.put(key.strip(), row.path("value").asText(""));
            }
        }
        if (Values.cint(webhook.get("enable_security")) != 0) {
            headers.put(SIGNATURE_HEADER, sign(secret, body));
        }
        return headers;
    }

    /** base64 (standard, padded) of HMAC-SHA256 keyed with the secret's UTF-8 bytes. */
    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
