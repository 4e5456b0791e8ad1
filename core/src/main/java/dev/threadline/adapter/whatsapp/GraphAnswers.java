package dev.threadline.adapter.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.application.port.Messenger.MessengerUnavailableException;
import dev.threadline.application.port.Messenger.SendResult;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * What an answer of the send endpoint means (whatsapp.md §6), decided by Meta's {@code error.code},
 * never by the HTTP status or the message text.
 *
 * <p>This is where "at most once" is kept. WhatsApp has no idempotency key, so a send may be repeated
 * only when Meta said it did not take the message: the rate-limit and temporary codes
 * ({@link #NOT_TAKEN}) are thrown as {@link MessengerUnavailableException} for the caller's retry.
 * Every other Graph error is a {@link SendResult.Refused}: nothing was sent, and repeating would not
 * help. An answer that is not Meta's error body (a gateway's 5xx page, a 200 without a message id)
 * proves nothing about the message, so it is {@link SendResult.Unknown} and never repeated.
 */
final class GraphAnswers {

    /** Codes with which Meta says the message was not taken and a later try may succeed (whatsapp.md §6). */
    static final Set<Integer> NOT_TAKEN = Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Short, data-free reasons for the ticket and the team (whatsapp.md §5, §6). */
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(0, "WhatsApp rejected the access token (WHATSAPP_ACCESS_TOKEN)"),
            Map.entry(190, "WhatsApp access token invalid or expired (WHATSAPP_ACCESS_TOKEN)"),
            Map.entry(3, "the app lacks a permission for this phone number"),
            Map.entry(10, "the app lacks a permission for this phone number"),
            Map.entry(100, "WhatsApp rejected a parameter of the request"),
            Map.entry(131008, "WhatsApp rejected a missing parameter"),
            Map.entry(131009, "WhatsApp rejected a parameter value"),
            Map.entry(131026, "undeliverable: the customer cannot receive WhatsApp messages"),
            Map.entry(131030, "the recipient is not on the test number's allowed list"),
            Map.entry(131031, "the business account is locked"),
            Map.entry(131047, "outside the 24-hour window: the customer has not written in the last 24 hours"),
            Map.entry(470, "outside the 24-hour window: the customer has not written in the last 24 hours"),
            Map.entry(131048, "held back by WhatsApp's spam rate limit"),
            Map.entry(131049, "held back by WhatsApp's per-user marketing limit"),
            Map.entry(131050, "the customer stopped marketing messages"),
            Map.entry(131051, "unsupported message type"),
            Map.entry(132000, "template parameter count does not match the approved template"),
            Map.entry(132001, "template missing or not approved in this language (WHATSAPP_TEMPLATE_NAME)"),
            Map.entry(132012, "template parameter format does not match"),
            Map.entry(132015, "template paused for low quality"),
            Map.entry(132016, "template disabled"),
            Map.entry(368, "the business account is restricted"));

    private GraphAnswers() {}

    /** A 2xx answer: accepted with its wamid, or unknown when the body does not say which message. */
    static SendResult success(int status, String body) {
        JsonNode id = parse(body).path("messages").path(0).path("id");
        return id.isTextual() && !id.asText().isBlank() ? new SendResult.Accepted(id.asText())
                : new SendResult.Unknown("HTTP " + status + " without a message id");
    }

    /** A non-2xx answer; throws {@link MessengerUnavailableException} for the codes in {@link #NOT_TAKEN}. */
    static SendResult failure(int status, String body) {
        JsonNode code = parse(body).path("error").path("code");
        if (!code.isInt()) {
            return new SendResult.Unknown("HTTP " + status + " without a Graph error");
        }
        int c = code.asInt();
        if (NOT_TAKEN.contains(c)) {
            throw new MessengerUnavailableException("WhatsApp did not take the message: Graph error " + c, null);
        }
        return new SendResult.Refused(c, REASONS.getOrDefault(c, "WhatsApp refused the message (Graph error " + c + ")"));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) { // a gateway's HTML page, for instance
            return JSON.missingNode();
        }
    }
}
