package dev.threadline.adapter.erpnext;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.List;

/**
 * {@code FRAPPE_WEBHOOK_SECRET}: the secret ERPNext signs its webhooks with (setup-erpnext writes it
 * into the Webhook documents). During a rotation it may hold two values, {@code new,old}, so events
 * signed with either are accepted until ERPNext has switched. Unset: intake answers the ERPNext route
 * with 404, as helpdesk events are off.
 */
@ConfigurationProperties("threadline.erpnext.webhook")
public record FrappeWebhookConfig(@Nullable String secret) {

    /** The accepted secrets, newest first; empty when helpdesk events are off. */
    public List<String> secrets() {
        if (secret == null || secret.isBlank()) {
            return List.of();
        }
        return Arrays.stream(secret.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "FrappeWebhookConfig[secret redacted]";
    }
}
