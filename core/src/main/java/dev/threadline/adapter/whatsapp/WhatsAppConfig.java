package dev.threadline.adapter.whatsapp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;

/**
 * Meta webhook settings: {@code WHATSAPP_APP_SECRET} (signs every POST) and
 * {@code WHATSAPP_VERIFY_TOKEN} (typed into the App Dashboard for the GET handshake).
 */
@ConfigurationProperties("threadline.whatsapp")
@Requires(property = "threadline.whatsapp.app-secret")
public record WhatsAppConfig(String appSecret, String verifyToken) {

    public WhatsAppConfig {
        if (appSecret == null || appSecret.isBlank()) {
            throw new IllegalArgumentException("WHATSAPP_APP_SECRET must be set: it verifies X-Hub-Signature-256");
        }
        if (verifyToken == null || verifyToken.isBlank()) {
            throw new IllegalArgumentException("WHATSAPP_VERIFY_TOKEN must be set: it answers Meta's webhook handshake");
        }
    }

    @Override
    public String toString() {
        return "WhatsAppConfig[secrets redacted]";
    }
}
