package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A WhatsApp user writing to one business number. Each message is posted to the emulator's webhook
 * URL as Meta would (whatsapp.md §2.1 to §2.4), signed (whatsapp.md §3), and opens or restarts the
 * 24-hour window for replies (whatsapp.md §5), whether or not the webhook took it.
 */
public final class Customer {

    /** Who writes: the number's digits (null for a username user), the BSUID (or null) and the profile name. */
    record Identity(String waId, String bsuid, String profileName) {}

    private final WhatsAppCloudFake fake;
    private final Payloads.Business business;
    private final Identity who;
    private volatile String lastWamid;

    Customer(WhatsAppCloudFake fake, Payloads.Business business, Identity who) {
        this.fake = fake;
        this.business = business;
        this.who = who;
    }

    /** The same customer with a business-scoped user id in every message ({@code user_id}, {@code from_user_id}; whatsapp.md §2.2). */
    public Customer withBsuid(String bsuid) {
        return new Customer(fake, business, new Identity(who.waId(), Objects.requireNonNull(bsuid), who.profileName()));
    }

    /** Sends a text message; returns the webhook's HTTP status. */
    public int sendsText(String body) {
        ObjectNode m = message("text");
        m.putObject("text").put("body", body);
        return send(m);
    }

    /**
     * Sends a photo: the bytes are registered as media first (served by the emulator's media
     * endpoints, whatsapp.md §7), and the message carries only their id. Returns the webhook's status.
     */
    public int sendsImage(byte[] jpeg, String caption) {
        MediaStore.Media media = fake.media().register(jpeg, "image/jpeg");
        ObjectNode m = message("image");
        ObjectNode image = m.putObject("image");
        if (caption != null) {
            image.put("caption", caption);
        }
        image.put("mime_type", media.mimeType());
        image.put("sha256", media.sha256Base64());
        image.put("id", media.id());
        return send(m);
    }

    /** Sends a location; {@code name} and {@code address} may be null. Returns the webhook's status. */
    public int sendsLocation(double latitude, double longitude, String name, String address) {
        ObjectNode m = message("location");
        ObjectNode location = m.putObject("location");
        location.put("latitude", latitude);
        location.put("longitude", longitude);
        if (name != null) {
            location.put("name", name);
        }
        if (address != null) {
            location.put("address", address);
        }
        return send(m);
    }

    /** The wamid of this customer's latest message, or null before the first. */
    public String lastWamid() {
        return lastWamid;
    }

    private static ObjectNode message(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private int send(ObjectNode message) {
        String wamid = WhatsAppCloudFake.newWamid();
        lastWamid = wamid;
        return fake.deliverInbound(business, who, message, wamid);
    }
}
