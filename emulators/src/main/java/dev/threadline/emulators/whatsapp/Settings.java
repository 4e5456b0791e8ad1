package dev.threadline.emulators.whatsapp;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** What a {@link WhatsAppCloudFakeBuilder} configured. */
record Settings(String accessToken, String appSecret, URI webhookUrl, Clock clock, int port, String wabaId,
                Map<String, String> displayNumbers, Map<String, SendRequests.Template> templates,
                WhatsAppCloudFakeBuilder.OutsideWindow outsideWindow, WhatsAppCloudFakeBuilder.Statuses statuses) {

    Settings {
        displayNumbers = Map.copyOf(displayNumbers);
        templates = Map.copyOf(templates);
    }

    /** A business number; one never configured shows the display number {@code 15550001111}. */
    Payloads.Business business(String phoneNumberId) {
        return new Payloads.Business(phoneNumberId, displayNumbers.getOrDefault(phoneNumberId, "15550001111"));
    }
}
