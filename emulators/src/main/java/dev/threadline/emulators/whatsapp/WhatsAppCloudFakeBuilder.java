package dev.threadline.emulators.whatsapp;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Configures a {@link WhatsAppCloudFake}; every setting has a default, so {@code start()} alone works. */
public final class WhatsAppCloudFakeBuilder {

    /** What a text outside the 24-hour window gets; Meta does both (whatsapp.md §5). */
    public enum OutsideWindow {
        /** HTTP 400 with error 131047, nothing sent (the default). */
        REFUSE,
        /** 200 with a wamid, then a {@code failed} status webhook with errors[131047]. */
        ACCEPT_THEN_FAIL
    }

    /** How accepted messages progress through their status webhooks. */
    public enum Statuses {
        /** {@code sent}, {@code delivered}, {@code read} (or {@code failed}) are posted at once (the default). */
        AUTOMATIC,
        /** Nothing is posted until a test calls {@link WhatsAppCloudFake#advance(String)}. */
        STEPPED
    }

    private String accessToken = "test-access-token";
    private String appSecret = "test-app-secret";
    private URI webhookUrl;
    private Clock clock = Clock.systemUTC();
    private int port;
    private String wabaId = "201234567890123";
    private final Map<String, String> displayNumbers = new HashMap<>();
    private final Map<String, SendRequests.Template> templates = new HashMap<>();
    private OutsideWindow outsideWindow = OutsideWindow.REFUSE;
    private Statuses statuses = Statuses.AUTOMATIC;

    WhatsAppCloudFakeBuilder() {}

    /** The system-user token sends and media requests must carry as {@code Authorization: Bearer}. */
    public WhatsAppCloudFakeBuilder accessToken(String value) {
        this.accessToken = Objects.requireNonNull(value);
        return this;
    }

    /** The App Secret that signs every webhook ({@code X-Hub-Signature-256}). */
    public WhatsAppCloudFakeBuilder appSecret(String value) {
        this.appSecret = Objects.requireNonNull(value);
        return this;
    }

    /** Where customers' messages and status webhooks are posted; none by default (statuses only recorded). */
    public WhatsAppCloudFakeBuilder webhookUrl(URI value) {
        this.webhookUrl = value;
        return this;
    }

    /** The clock of the 24-hour window, webhook timestamps and media URL expiry. */
    public WhatsAppCloudFakeBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value);
        return this;
    }

    /** The loopback port; 0 (the default) for a free one. */
    public WhatsAppCloudFakeBuilder port(int value) {
        this.port = value;
        return this;
    }

    /** The WhatsApp Business Account id in {@code entry[].id}. */
    public WhatsAppCloudFakeBuilder wabaId(String value) {
        this.wabaId = Objects.requireNonNull(value);
        return this;
    }

    /** The digits customers see for a business number ({@code metadata.display_phone_number}). */
    public WhatsAppCloudFakeBuilder businessNumber(String phoneNumberId, String displayPhoneNumber) {
        displayNumbers.put(phoneNumberId, displayPhoneNumber);
        return this;
    }

    /** An approved template: sends must name it with this language and exactly {@code parameters} body parameters. */
    public WhatsAppCloudFakeBuilder approvedTemplate(String name, String language, int parameters) {
        templates.put(SendRequests.key(name, language), new SendRequests.Template(name, language, parameters));
        return this;
    }

    public WhatsAppCloudFakeBuilder outsideWindow(OutsideWindow value) {
        this.outsideWindow = Objects.requireNonNull(value);
        return this;
    }

    public WhatsAppCloudFakeBuilder statuses(Statuses value) {
        this.statuses = Objects.requireNonNull(value);
        return this;
    }

    /** Starts the emulator on a loopback port. */
    public WhatsAppCloudFake start() {
        return new WhatsAppCloudFake(new Settings(accessToken, appSecret, webhookUrl, clock, port, wabaId,
                displayNumbers, templates, outsideWindow, statuses));
    }
}
