package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a send body the way the Cloud API does for the two types the emulator models
 * (whatsapp.md §5, §6): {@code messaging_product} must be {@code whatsapp}, {@code to} a phone number,
 * {@code type} {@code text} (a body of at most 4,096 characters) or {@code template} (an approved
 * name and language, with as many body parameters as the template has). Any other problem is code 100.
 */
final class SendRequests {

    static final int MAX_TEXT = 4096;
    static final int MAX_CALLBACK_DATA = 512;

    /** A send that passed validation, before the window check. */
    record Valid(String to, String waId, String type, String body, boolean previewUrl, String template,
                 String language, List<String> parameters, String callbackData) {}

    /** The request is refused with {@code error}. */
    static final class Rejected extends Exception {
        final GraphError error;

        Rejected(GraphError error) {
            super(error.title(), null, false, false);
            this.error = error;
        }
    }

    /** An approved template: its name, language code and number of body parameters. */
    record Template(String name, String language, int parameters) {}

    private final Map<String, Template> approved;

    SendRequests(Map<String, Template> approved) {
        this.approved = Map.copyOf(approved);
    }

    static String key(String name, String language) {
        return name + "\u0000" + language;
    }

    Valid validate(JsonNode body) throws Rejected {
        if (!body.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        if (!"whatsapp".equals(text(body, "messaging_product"))) {
            throw invalid("The parameter messaging_product is required and must be 'whatsapp'.");
        }
        String to = text(body, "to");
        String waId = to == null ? null : to.startsWith("+") ? to.substring(1) : to;
        if (waId == null || waId.isEmpty() || !waId.chars().allMatch(Character::isDigit)) {
            throw invalid("The parameter to is required and must be a phone number.");
        }
        String callbackData = text(body, "biz_opaque_callback_data");
        if (callbackData != null && callbackData.length() > MAX_CALLBACK_DATA) {
            throw invalid("biz_opaque_callback_data must be at most " + MAX_CALLBACK_DATA + " characters.");
        }
        String type = body.has("type") ? text(body, "type") : "text"; // Meta's default type is text
        return switch (type == null ? "" : type) {
            case "text" -> text(body, to, waId, callbackData);
            case "template" -> template(body, to, waId, callbackData);
            default -> throw invalid("The emulator supports the message types text and template, not " + type + ".");
        };
    }

    private static Valid text(JsonNode body, String to, String waId, String callbackData) throws Rejected {
        String text = text(body.path("text"), "body");
        if (text == null || text.isBlank()) {
            throw invalid("The parameter text['body'] is required.");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw invalid("Param text['body'] must be at most " + MAX_TEXT + " characters long.");
        }
        boolean previewUrl = body.path("text").path("preview_url").asBoolean(false);
        return new Valid(to, waId, "text", text, previewUrl, null, null, List.of(), callbackData);
    }

    private Valid template(JsonNode body, String to, String waId, String callbackData) throws Rejected {
        JsonNode template = body.path("template");
        String name = text(template, "name");
        String language = text(template.path("language"), "code");
        if (name == null || language == null) {
            throw invalid("The parameters template['name'] and template['language']['code'] are required.");
        }
        Template known = approved.get(key(name, language));
        if (known == null) {
            throw new Rejected(GraphError.of(132001).withDetails("template name (" + name
                    + ") does not exist in " + language));
        }
        List<String> parameters = new ArrayList<>();
        for (JsonNode component : template.path("components")) {
            if ("body".equals(text(component, "type"))) {
                for (JsonNode p : component.path("parameters")) {
                    parameters.add(p.path("text").asText(""));
                }
            }
        }
        if (parameters.size() != known.parameters()) {
            throw new Rejected(GraphError.of(132000).withDetails("body: number of localizable_params ("
                    + parameters.size() + ") does not match the expected number of params (" + known.parameters() + ")"));
        }
        return new Valid(to, waId, "template", null, false, name, language, parameters, callbackData);
    }

    private static Rejected invalid(String details) {
        return new Rejected(GraphError.of(100).withDetails(details));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
