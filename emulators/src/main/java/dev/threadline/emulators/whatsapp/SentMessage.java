package dev.threadline.emulators.whatsapp;

import java.time.Instant;
import java.util.List;

/**
 * A send the emulator accepted (answered 200 with {@code wamid}).
 *
 * @param phoneNumberId the business number it was sent from (the URL's)
 * @param to the recipient as the request wrote it (e.g. {@code +4915112345678})
 * @param waId the recipient's digits, as Meta echoes them in {@code contacts[].wa_id} and statuses
 * @param type {@code text} or {@code template}
 * @param body the text's body; null for a template
 * @param template the template's name; null for a text
 * @param language the template's language code; null for a text
 * @param parameters the template's body parameters, in order; empty for a text
 * @param callbackData {@code biz_opaque_callback_data}, or null when the request had none
 * @param previewUrl the text's {@code preview_url}
 * @param wamid the id the emulator answered
 * @param at when it was accepted, on the emulator's clock
 */
public record SentMessage(String phoneNumberId, String to, String waId, String type, String body, String template,
                          String language, List<String> parameters, String callbackData, boolean previewUrl,
                          String wamid, Instant at) {

    public SentMessage {
        parameters = List.copyOf(parameters);
    }

    public boolean isTemplate() {
        return "template".equals(type);
    }
}
