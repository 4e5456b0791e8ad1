package dev.threadline.emulators.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenAI wire shapes {@link OpenAiFake} reads and writes: the checks OpenAI makes on a chat
 * request, its messages, the completion document (cut at {@code max_tokens}), the model list and
 * the error body, and how a response is written.
 */
final class ChatDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatDocuments() {}

    static String invalid(ChatRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            return "you must provide a model parameter";
        }
        if (request.messages().isEmpty()) {
            return "'messages' must be a non-empty array of {role, content} objects";
        }
        boolean mentionsJson = request.messages().stream()
                .anyMatch(m -> m.content().toLowerCase(Locale.ROOT).contains("json"));
        if (request.wantsJsonObject() && !mentionsJson) {
            return "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
                    + "'json_object'.";
        }
        return null;
    }

    static List<ChatRequest.Message> messages(JsonNode body) {
        List<ChatRequest.Message> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                return List.of();
            }
            messages.add(new ChatRequest.Message(m.path("role").asText(), m.path("content").asText()));
        }
        return List.copyOf(messages);
    }

    static ObjectNode completion(ChatRequest request, String answer, int id) {
        List<String> words = Arrays.stream(answer.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        int maxTokens = request.body().path("max_tokens").asInt(Integer.MAX_VALUE);
        boolean cut = words.size() > maxTokens;
        String content = cut ? String.join(" ", words.subList(0, maxTokens)) : answer;
        List<String> tokens = cut ? words.subList(0, maxTokens) : words;

        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-fake-" + id);
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", request.model());
        root.put("system_fingerprint", "fp_openai_fake");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", cut ? "length" : "stop");
        int promptTokens = request.messages().stream().mapToInt(m -> m.content().split("\\s+").length).sum();
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", tokens.size());
        usage.put("total_tokens", promptTokens + tokens.size());
        return root;
    }

    static ObjectNode models(Set<String> servedModels) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : servedModels.isEmpty() ? Set.of("fake-model") : servedModels) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "threadline");
        }
        return root;
    }

    static ObjectNode error(String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root;
    }

    static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendRaw(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    static void sendRaw(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }
}
