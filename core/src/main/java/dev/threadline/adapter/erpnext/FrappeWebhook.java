package dev.threadline.adapter.erpnext;

import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Functions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.HmacSha256;
import dev.threadline.application.AcceptHelpdeskEvent.Change;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import dev.threadline.domain.HelpdeskEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A webhook from ERPNext (docs/contracts/erpnext.md §10): verifies {@code X-Frappe-Webhook-Signature}
 * (standard base64 of HMAC-SHA256 over the raw body, keyed with the shared secret; compared in
 * constant time) and reads the change from the body that setup-erpnext's Webhook documents produce.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.INTAKE)
public class FrappeWebhook {


    private final SecretValues secrets;
    private final ObjectMapper json;

    public FrappeWebhook(SecretValues secrets, ObjectMapper json) {
        this.secrets = secrets;
        this.json = json;
    }

    /** Whether helpdesk events are on: {@code FRAPPE_WEBHOOK_SECRET} is set. */
    public boolean enabled() {
        return !keys().isEmpty();
    }

    /**
     * The accepted keys, read at each check so a rotation needs no restart: {@code FRAPPE_WEBHOOK_SECRET}
     * holds one secret, or {@code new,old} while ERPNext switches.
     */
    private List<String> keys() {
        return secrets.find(Secret.FRAPPE_WEBHOOK_SECRET).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** True when {@code header} is the signature of {@code body} under one of the configured secrets. */
    public boolean verify(byte[] body, String header) {
        if (header == null) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(header.strip());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        boolean valid = false;
        for (String key : keys()) {
            valid |= MessageDigest.isEqual(HmacSha256.of(key, body), claimed); // every key, so timing does not tell which matched
        }
        return valid;
    }

    /** The header ERPNext would send for {@code body} under {@code secret}; for the emulator, the demo and tests. */
    public static String sign(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(HmacSha256.of(secret, body));
    }

    /**
     * The change the body describes, or {@code null} when it is not one Threadline follows (a Comment
     * on another doctype, a like, a doctype we did not subscribe to).
     *
     * @throws MalformedEventException when the body is not such a webhook at all
     */
    public Change parse(byte[] body) {
        JsonNode doc;
        try {
            doc = json.readTree(body);
        } catch (IOException e) {
            throw new MalformedEventException("body is not valid JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw new MalformedEventException("body is not a JSON object");
        }
        String doctype = required(doc, "doctype");
        String name = required(doc, "name");
        String modified = required(doc, "modified");
        return switch (doctype) {
            case "Comment" -> "Issue".equals(doc.path("reference_doctype").asText())
                    && "Comment".equals(doc.path("comment_type").asText())
                    ? comment(name, modified, required(doc, "reference_name"), doc.path("content").asText(""))
                    : null;
            case "Issue" -> ticket(name, modified, required(doc, "status"));
            default -> null;
        };
    }

    /** An agent's Comment on an Issue as a change; the poll ({@link ErpNextHelpdeskChanges}) builds it the same way. */
    static Change comment(String name, String modified, String ticketId, String html) {
        return new Change("Comment", name, modified, ticketId, HelpdeskEvent.Kind.COMMENT, null, FrappeHtml.toText(html));
    }

    /** An Issue's save as a change of its status. */
    static Change ticket(String name, String modified, String status) {
        return new Change("Issue", name, modified, name, HelpdeskEvent.Kind.STATUS, ErpNextHelpdesk.statusOf(status), null);
    }

    private static String required(JsonNode doc, String field) {
        JsonNode value = doc.path(field);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new MalformedEventException("missing " + field + " (is the Webhook document the one setup-erpnext creates?)");
        }
        return value.asText();
    }

    /** The signed body is not a webhook Threadline understands. Answered with 400. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
