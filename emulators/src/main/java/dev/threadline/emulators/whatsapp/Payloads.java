package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The webhook bodies Meta posts, in the shapes of whatsapp.md §2.1 to §2.6: one entry, one change,
 * one message or status each, timestamps as strings of Unix seconds. Serialised compactly with every
 * non-ASCII character escaped as lowercase {@code \\uXXXX}, which is what Meta's documentation says it
 * signs (whatsapp.md §3).
 */
final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String wabaId;

    Payloads(String wabaId) {
        this.wabaId = wabaId;
    }

    /** A customer's message; {@code message} holds {@code type} and its content object already. */
    ObjectNode inbound(Business business, Customer.Identity who, ObjectNode message, String wamid, Instant at) {
        ObjectNode value = value(business);
        ObjectNode contact = value.putArray("contacts").addObject();
        contact.putObject("profile").put("name", who.profileName());
        if (who.waId() != null) {
            contact.put("wa_id", who.waId());
        }
        if (who.bsuid() != null) {
            contact.put("user_id", who.bsuid());
        }
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        if (who.waId() != null) {
            m.put("from", who.waId());
        }
        if (who.bsuid() != null) {
            m.put("from_user_id", who.bsuid());
        }
        m.put("id", wamid);
        m.put("timestamp", seconds(at));
        m.setAll(message);
        value.putArray("messages").add(m);
        return envelope(value);
    }

    /** One status of a message the business sent (whatsapp.md §2.6). */
    ObjectNode status(Business business, SentMessage sent, String status, GraphError error, Instant at) {
        ObjectNode value = value(business);
        ObjectNode s = value.putArray("statuses").addObject();
        s.put("id", sent.wamid());
        s.put("status", status);
        s.put("timestamp", seconds(at));
        s.put("recipient_id", sent.waId());
        if (sent.callbackData() != null) {
            s.put("biz_opaque_callback_data", sent.callbackData());
        }
        if (error != null) {
            s.putArray("errors").add(error.statusError());
        } else if (status.equals("sent") || status.equals("delivered")) {
            // Meta prices on sent and on one of delivered/read; the emulator picks delivered.
            ObjectNode pricing = s.putObject("pricing");
            pricing.put("billable", sent.isTemplate()); // service replies are free (whatsapp.md §2.6)
            pricing.put("pricing_model", "PMP");
            pricing.put("type", sent.isTemplate() ? "regular" : "free_customer_service");
            pricing.put("category", sent.isTemplate() ? "utility" : "service");
        }
        return envelope(value);
    }

    private static ObjectNode value(Business business) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("messaging_product", "whatsapp");
        ObjectNode metadata = value.putObject("metadata");
        metadata.put("display_phone_number", business.displayNumber());
        metadata.put("phone_number_id", business.phoneNumberId());
        return value;
    }

    private ObjectNode envelope(ObjectNode value) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("object", "whatsapp_business_account");
        ObjectNode entry = root.putArray("entry").addObject();
        entry.put("id", wabaId);
        ObjectNode change = entry.putArray("changes").addObject();
        change.put("field", "messages");
        change.set("value", value);
        return root;
    }

    private static String seconds(Instant at) {
        return Long.toString(at.getEpochSecond());
    }

    /** Compact JSON, non-ASCII escaped as lowercase UTF-16 units (an emoji becomes a surrogate pair). */
    static byte[] bytes(ObjectNode payload) {
        String text;
        try {
            text = JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7E) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A business number: the id sends use and the digits customers see. */
    record Business(String phoneNumberId, String displayNumber) {}
}
