package dev.threadline.emulators.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A chat completion request as {@link OpenAiFake} received it: what a responder answers and what
 * tests assert on.
 *
 * @param model the {@code model} field ({@code null} when absent)
 * @param messages the messages in order (empty when any message lacks a string role or content)
 * @param authorization the {@code Authorization} header, {@code null} when none was sent
 * @param body the whole request document, for asserting other fields ({@code temperature},
 *     {@code max_tokens}, {@code response_format}, ...)
 */
public record ChatRequest(String model, List<Message> messages, String authorization, JsonNode body) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    /** One chat message as received. */
    public record Message(String role, String content) {}

    /** The system messages' contents joined by newlines ({@code ""} if none). */
    public String system() {
        return String.join("\n", messages.stream().filter(m -> m.role().equals("system")).map(Message::content)
                .toList());
    }

    /** The last user message's content ({@code ""} if none). */
    public String user() {
        return messages.stream().filter(m -> m.role().equals("user")).map(Message::content)
                .reduce((first, second) -> second).orElse("");
    }

    public boolean hasAuthorization() {
        return authorization != null;
    }

    /** Whether {@code response_format} asked for a JSON object. */
    public boolean wantsJsonObject() {
        return "json_object".equals(body.path("response_format").path("type").asText(null));
    }
}
