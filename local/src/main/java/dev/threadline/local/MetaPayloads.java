package dev.threadline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * WhatsApp Cloud API webhook bodies as Meta sends them (docs/contracts/whatsapp.md), for the demo:
 * text and image messages of a customer, in the {@code entry[].changes[].value} envelope. Message ids
 * are unique per run, so a second demo against the same stack is a new conversation, not a redelivery.
 */
final class MetaPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String phoneNumberId;
    private final Instant now;
    private int sequence;

    MetaPayloads(String phoneNumberId, Instant now) {
        this.phoneNumberId = phoneNumberId;
        this.now = now;
    }

    ObjectNode envelope(Demo.Customer customer, List<ObjectNode> messages) {
        ObjectNode contact = JSON.createObjectNode();
        contact.putObject("profile").put("name", customer.name());
        if (customer.waId() != null) {
            contact.put("wa_id", customer.waId());
        }
        if (customer.userId() != null) {
            contact.put("user_id", customer.userId());
        }
        ObjectNode value = JSON.createObjectNode().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "4930123456789").put("phone_number_id", phoneNumberId);
        value.putArray("contacts").add(contact);
        ArrayNode list = value.putArray("messages");
        messages.forEach(list::add);
        ObjectNode change = JSON.createObjectNode().put("field", "messages");
        change.set("value", value);
        ObjectNode entry = JSON.createObjectNode().put("id", "201234567890123");
        entry.putArray("changes").add(change);
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        root.putArray("entry").add(entry);
        return root;
    }

    private ObjectNode base(Demo.Customer customer, Duration ago, String type) {
        ObjectNode m = JSON.createObjectNode();
        if (customer.waId() != null) {
            m.put("from", customer.waId());
        } else {
            m.put("from_user_id", customer.userId());
        }
        String id = "wamid.DEMO" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((now.getEpochSecond() + "-" + (++sequence)).getBytes(StandardCharsets.US_ASCII));
        m.put("id", id);
        m.put("timestamp", Long.toString(now.minus(ago).getEpochSecond()));
        m.put("type", type);
        return m;
    }

    ObjectNode text(Demo.Customer customer, Duration ago, String body) {
        ObjectNode m = base(customer, ago, "text");
        m.putObject("text").put("body", body);
        return m;
    }

    ObjectNode location(Demo.Customer customer, Duration ago, String name, String address, double latitude, double longitude) {
        ObjectNode m = base(customer, ago, "location");
        m.putObject("location").put("latitude", latitude).put("longitude", longitude).put("name", name).put("address", address);
        return m;
    }

    ObjectNode image(Demo.Customer customer, Duration ago, String caption) {
        ObjectNode m = base(customer, ago, "image");
        m.putObject("image").put("caption", caption).put("mime_type", "image/jpeg")
                .put("sha256", "k3Jw0QnB2m7Zq9Xo1c5d0uH6w8yT4rS2aPq7LmN0vZE=").put("id", DemoMedia.SCREENSHOT_ID);
        return m;
    }
}
