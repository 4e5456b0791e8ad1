package dev.threadline.adapter.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.domain.Content;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code messages[]} item's body into {@link Content}, per type (whatsapp.md §2.4). A type
 * this code does not know becomes {@link Content.Unshown}: it is acknowledged and noted, never a ticket.
 */
final class MessageContents {

    private MessageContents() {}

    static Content of(String type, JsonNode message) {
        JsonNode body = message.path(type);
        return switch (type) {
            case "text" -> new Content.Said(text(body, "body"));
            case "button" -> new Content.Said(first(text(body, "text"), text(body, "payload")));
            case "interactive" -> interactive(body);
            case "order" -> new Content.Said(first(text(body, "text"), "[order]"));
            case "image", "video", "audio", "document", "sticker" -> media(type, body);
            case "location" -> location(body);
            case "contacts" -> contacts(message.path("contacts"));
            case "reaction" -> new Content.Reaction(text(body, "emoji"), text(body, "message_id"));
            case "system" -> system(body);
            case "unsupported" -> new Content.Unshown(subtype("unsupported", text(body, "type")));
            default -> new Content.Unshown(type);
        };
    }

    /** A tapped reply button or list row reads as its title; a Flow or permission answer is not shown. */
    private static Content interactive(JsonNode body) {
        String kind = text(body, "type");
        String title = kind == null ? null : text(body.path(kind), "title");
        return title == null ? new Content.Unshown(subtype("interactive", kind)) : new Content.Said(title);
    }

    private static Content media(String type, JsonNode body) {
        String id = text(body, "id");
        if (id == null) {
            return new Content.Unshown(type + "/without-id");
        }
        return new Content.Media(type, id, text(body, "mime_type"), text(body, "filename"), text(body, "caption"),
                body.path("voice").asBoolean(false), null);
    }

    private static Content location(JsonNode body) {
        if (!body.path("latitude").isNumber() || !body.path("longitude").isNumber()) {
            return new Content.Unshown("location/without-coordinates");
        }
        return new Content.Location(body.path("latitude").asDouble(), body.path("longitude").asDouble(),
                text(body, "name"), text(body, "address"), text(body, "url"));
    }

    private static Content contacts(JsonNode cards) {
        List<Content.Contacts.Card> out = new ArrayList<>();
        for (JsonNode card : cards) {
            List<String> phones = new ArrayList<>();
            for (JsonNode phone : card.path("phones")) {
                String number = first(text(phone, "phone"), text(phone, "wa_id"));
                if (number != null) {
                    phones.add(number);
                }
            }
            out.add(new Content.Contacts.Card(text(card.path("name"), "formatted_name"), phones));
        }
        return new Content.Contacts(out);
    }

    /** Number and id changes move the customer; other system messages are only noted. */
    private static Content system(JsonNode body) {
        String kind = text(body, "type");
        if ("user_changed_number".equals(kind) || "customer_changed_number".equals(kind)) {
            return new Content.IdentityChanged(first(text(body, "wa_id"), text(body, "new_wa_id")), text(body, "user_id"));
        }
        if ("user_changed_user_id".equals(kind)) {
            return new Content.IdentityChanged(null, first(text(body, "user_id"), text(body, "new_user_id")));
        }
        return new Content.Unshown(subtype("system", kind));
    }

    private static String subtype(String type, String kind) {
        return kind == null ? type : type + "/" + kind;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }
}
