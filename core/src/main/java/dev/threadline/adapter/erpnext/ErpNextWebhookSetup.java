package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import dev.threadline.config.Secret;
import dev.threadline.config.SecretValues;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Webhook documents Threadline needs on the site (erpnext.md §10.5), kept as {@code setup-erpnext} wants
 * them: found by doctype, event and a request URL ending in {@value #ROUTE}; created when missing,
 * updated when a field differs, left alone otherwise. The secret cannot be read back (Frappe shows a
 * Password field as asterisks), so only its length is compared; {@code rotate} writes a new one into all.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class ErpNextWebhookSetup {

    static final String ROUTE = "/webhooks/erpnext";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    // Threadline's own notes (signed ErpNextNotes.AUTHOR) are not sent back to it: they would only cost a job each.
    private static final String COMMENT_CONDITION = "doc.reference_doctype == \"Issue\" and doc.comment_type == \"Comment\""
            + " and doc.comment_by != \"" + ErpNextNotes.AUTHOR + "\"";

    /** One Webhook Threadline relies on. */
    record Spec(String doctype, String event, String condition, List<String> fields) {
        String label() {
            return doctype + " " + event;
        }
    }

    /** An agent's Comment on an Issue (a reply when it starts with the marker), and every Issue change. */
    static final List<Spec> THREADLINE = List.of(
            new Spec("Comment", "after_insert", COMMENT_CONDITION, List.of("doctype", "name", "modified",
                    "reference_doctype", "reference_name", "comment_type", "content", "comment_email")),
            new Spec("Issue", "on_change", null, List.of("doctype", "name", "modified", "status", "resolution_details")));

    /** What one run did: a line per Webhook, and the new secret when it rotated one. */
    public record Outcome(List<String> lines, String newSecret, String skipped) {}

    private final FrappeClient client;
    private final String publicUrl;
    private final String secret;

    ErpNextWebhookSetup(FrappeClient client, @Nullable @Value("${threadline.public-url:}") String publicUrl,
                        SecretValues secrets) {
        this.client = client;
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip();
        // During a rotation intake holds "new,old"; the site gets the new one.
        this.secret = secrets.find(Secret.FRAPPE_WEBHOOK_SECRET).map(s -> s.split(",", -1)[0].strip()).orElse("");
    }

    Outcome ensure(boolean rotate) {
        if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            return new Outcome(List.of(), null, "THREADLINE_PUBLIC_URL is " + (publicUrl.isEmpty() ? "not set" : "not an http(s) URL")
                    + ": set it to the address ERPNext can reach Threadline at, e.g. https://abc.execute-api.eu-central-1.amazonaws.com");
        }
        if (secret.isEmpty() && !rotate) {
            return new Outcome(List.of(), null, "FRAPPE_WEBHOOK_SECRET is not set (or run with --rotate-webhook-secret to make one)");
        }
        String url = publicUrl.replaceAll("/+$", "") + ROUTE;
        String useSecret = rotate ? newSecret() : secret;
        List<String> lines = new ArrayList<>();
        for (Spec spec : THREADLINE) {
            ObjectNode wanted = desired(spec, url, useSecret);
            Optional<JsonNode> existing = find(spec);
            if (existing.isEmpty()) {
                client.send(FrappeCall.post(FrappeCall.resource("Webhook", null), wanted), client.deadline());
                lines.add(spec.label() + ": created");
                continue;
            }
            List<String> differ = differences(existing.get(), wanted, useSecret);
            if (differ.isEmpty() && !rotate) {
                lines.add(spec.label() + ": already present (" + existing.get().path("name").asText() + ")");
                continue;
            }
            String name = existing.get().path("name").asText();
            client.send(new FrappeCall(HttpMethod.PUT, FrappeCall.resource("Webhook", name), Map.of(), wanted), client.deadline());
            lines.add(spec.label() + ": updated " + name + (differ.isEmpty() ? "" : " (" + String.join(", ", differ) + ")")
                    + (rotate ? " with the new secret" : ""));
        }
        return new Outcome(lines, rotate ? useSecret : null, null);
    }

    private static ObjectNode desired(Spec spec, String url, String secret) {
        ObjectNode hook = JSON.objectNode().put("webhook_doctype", spec.doctype()).put("webhook_docevent", spec.event())
                .put("enabled", 1).put("condition", spec.condition() == null ? "" : spec.condition())
                .put("request_url", url).put("request_method", "POST").put("request_structure", "Form URL-Encoded")
                .put("enable_security", 1).put("webhook_secret", secret).put("timeout", 5);
        hook.putArray("webhook_headers").addObject().put("key", "Content-Type").put("value", "application/json");
        ArrayNode data = hook.putArray("webhook_data");
        spec.fields().forEach(f -> data.addObject().put("fieldname", f).put("key", f));
        return hook;
    }

    /** Threadline's Webhook for this doctype and event, whatever host its URL names, read in full. */
    private Optional<JsonNode> find(Spec spec) {
        String filters = JSON.arrayNode()
                .add(JSON.arrayNode().add("webhook_doctype").add("=").add(spec.doctype()))
                .add(JSON.arrayNode().add("webhook_docevent").add("=").add(spec.event()))
                .add(JSON.arrayNode().add("request_url").add("like").add("%" + ROUTE)).toString();
        JsonNode rows = client.send(FrappeCall.get(FrappeCall.resource("Webhook", null), Map.of("filters", filters,
                "fields", "[\"name\"]", "order_by", "creation asc", "limit_page_length", "0")), client.deadline()).path("data");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String name = rows.get(0).path("name").asText();
        return Optional.of(client.send(FrappeCall.get(FrappeCall.resource("Webhook", name), Map.of()), client.deadline())
                .path("data"));
    }

    /** The fields whose value on the site is not the wanted one; the secret only by its masked length. */
    private static List<String> differences(JsonNode site, ObjectNode wanted, String secret) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("enabled", "condition", "request_url", "request_method", "request_structure",
                "enable_security", "timeout")) {
            if (!wanted.path(field).asText().equals(site.path(field).asText(""))) {
                out.add(field);
            }
        }
        if (site.path("webhook_secret").asText("").length() != secret.length()) {
            out.add("webhook_secret");
        }
        for (String table : List.of("webhook_data", "webhook_headers")) {
            if (!rows(site.path(table)).equals(rows(wanted.path(table)))) {
                out.add(table);
            }
        }
        return out;
    }

    /** A child table as its key/value pairs in order, without the row names and bookkeeping. */
    private static List<List<String>> rows(JsonNode table) {
        List<List<String>> out = new ArrayList<>();
        table.forEach(r -> out.add(List.of(r.path("fieldname").asText(""), r.path("key").asText(""), r.path("value").asText(""))));
        return out;
    }

    /** 32 random bytes, base64url without padding: 43 characters. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
