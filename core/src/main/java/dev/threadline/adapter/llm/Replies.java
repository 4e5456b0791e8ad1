package dev.threadline.adapter.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Verdict;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict validation of what an OpenAI-compatible server answers. Anything that does not pass is an
 * {@link AiUnavailableException} with reason {@value #UNPARSEABLE}; the use case then applies its
 * fallback, so a half-understood answer never becomes a ticket.
 *
 * <p>Exception messages name only which rule failed, never the answer: a model's output is derived
 * from customer text. For the same reason parser exceptions (whose messages quote the input) are
 * never attached as causes.
 *
 * <p>Decisions, each because some server or model does it and the meaning stays unambiguous:
 * <ul>
 *   <li>classification: the whole answer may be wrapped in one Markdown code fence
 *       ({@code ```json … ```}), which local models often add when the server ignores
 *       {@code response_format}. Prose before or after the JSON is rejected, as are duplicate
 *       keys and trailing tokens. Unknown extra keys are ignored.</li>
 *   <li>judgement: the trimmed answer must be {@code SAME} or {@code NEW} in any case, optionally
 *       followed by one period ({@code "Same."}); anything else, including quotes, Markdown or a
 *       sentence around the word, is rejected.</li>
 * </ul>
 */
final class Replies {

    static final String UNPARSEABLE = "unparseable";
    /** ERPNext's Issue subject is a 140-character Data field. */
    static final int MAX_SUMMARY = 140;
    static final int MAX_ISSUE_TYPE = 60;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern FENCE = Pattern.compile("(?s)\\A```(?:json|JSON)?[ \\t]*\\n?(.*?)\\n?[ \\t]*```\\z");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Cc}\\p{Z}]+");
    /** Invisible format characters (bidi overrides could spoof a ticket subject), except the emoji joiner. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}&&[^\\u200D]]");

    private Replies() {}

    /**
     * The first choice of an OpenAI chat completion.
     *
     * @param content {@code choices[0].message.content}
     * @param logprobs {@code choices[0].logprobs} as sent (a missing node when absent)
     */
    record Completion(String content, JsonNode logprobs) {}

    /**
     * Reads the completion document around the model's answer.
     *
     * @throws AiUnavailableException if the body is not such a document or the content is absent
     *     (e.g. an OpenAI refusal, which sets {@code refusal} and leaves {@code content} null)
     */
    static Completion completion(String body) {
        JsonNode root = parseObject(body);
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            throw unparseable("the completion has no choices");
        }
        JsonNode choice = choices.get(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            throw unparseable("no message content in the completion");
        }
        return new Completion(content.asText(), choice.path("logprobs"));
    }

    /**
     * The machine-readable code of an OpenAI-style error body ({@code error.code}, else
     * {@code error.type}, e.g. {@code invalid_api_key}, {@code model_not_found},
     * {@code context_length_exceeded}) when it is a short identifier, else {@code null}. Safe to
     * log: free text, which could quote the request, never passes the pattern.
     */
    static String errorCode(String body) {
        try {
            JsonNode error = body == null || body.isBlank() ? null : JSON.readTree(body).path("error");
            for (String field : new String[] {"code", "type"}) {
                String value = error == null ? null : error.path(field).asText(null);
                if (value != null && ERROR_CODE.matcher(value).matches()) {
                    return value;
                }
            }
        } catch (JacksonException e) {
            // Not JSON: no code.
        }
        return null;
    }

    /**
     * The probability of the verdict's first token when the server returned logprobs
     * ({@code choices[0].logprobs.content[].logprob}), else {@code null}. Tokenisers may split
     * "SAME" into "S" + "AME"; the first non-blank token decides between the two answers, so its
     * probability is the model's confidence in the choice. Logprobs are metadata: anything
     * malformed gives {@code null}, never an exception.
     */
    static Double verdictConfidence(Completion completion, Verdict verdict) {
        JsonNode tokens = completion.logprobs().path("content");
        if (!tokens.isArray()) {
            return null;
        }
        for (JsonNode token : tokens) {
            String text = token.path("token").asText("").strip().toUpperCase(Locale.ROOT);
            if (text.isEmpty()) {
                continue;
            }
            JsonNode logprob = token.path("logprob");
            if (!verdict.name().startsWith(text) || !logprob.isNumber() || !Double.isFinite(logprob.asDouble())) {
                return null;
            }
            return Math.min(1.0, Math.max(0.0, Math.exp(logprob.asDouble())));
        }
        return null;
    }

    /**
     * Parses the classification JSON: {@code summary} a non-blank string (whitespace collapsed,
     * cut to {@value #MAX_SUMMARY} characters), {@code issue_type} a string or null/absent (blank
     * means null; cut to {@value #MAX_ISSUE_TYPE}), {@code priority} one of {@link Priority} in any
     * case, {@code confidence} a JSON number within [0, 1] (not a string, not a percentage).
     */
    static Classification classification(String content) {
        JsonNode root = parseObject(unfence(content.strip()));
        JsonNode summaryNode = root.get("summary");
        if (summaryNode == null || !summaryNode.isTextual()) {
            throw unparseable("summary is missing or not a string");
        }
        String summary = oneLine(summaryNode.asText(), MAX_SUMMARY);
        if (summary.isEmpty()) {
            throw unparseable("summary is blank");
        }
        JsonNode typeNode = root.get("issue_type");
        String issueType = null;
        if (typeNode != null && !typeNode.isNull()) {
            if (!typeNode.isTextual()) {
                throw unparseable("issue_type is neither a string nor null");
            }
            String type = oneLine(typeNode.asText(), MAX_ISSUE_TYPE);
            issueType = type.isEmpty() ? null : type;
        }
        JsonNode priorityNode = root.get("priority");
        if (priorityNode == null || !priorityNode.isTextual()) {
            throw unparseable("priority is missing or not a string");
        }
        Priority priority = Priority.parse(priorityNode.asText())
                .orElseThrow(() -> unparseable("priority is not one of Low, Medium, High, Critical, Urgent"));
        JsonNode confidenceNode = root.get("confidence");
        if (confidenceNode == null || !confidenceNode.isNumber()) {
            throw unparseable("confidence is missing or not a number");
        }
        double confidence = confidenceNode.asDouble();
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw unparseable("confidence is outside [0, 1]");
        }
        return new Classification(summary, issueType, priority, confidence);
    }

    /** {@code SAME} or {@code NEW}, case-insensitive, surrounding whitespace and one final period allowed. */
    static Verdict verdict(String content) {
        String answer = content.strip();
        if (answer.endsWith(".")) {
            answer = answer.substring(0, answer.length() - 1);
        }
        return switch (answer.toUpperCase(Locale.ROOT)) {
            case "SAME" -> Verdict.SAME;
            case "NEW" -> Verdict.NEW;
            default -> throw unparseable("the answer is not exactly SAME or NEW");
        };
    }

    /**
     * Invisible format characters dropped, whitespace and control runs become one space, cut to
     * {@code max} code points (the last one an ellipsis when cut).
     */
    static String oneLine(String text, int max) {
        String line = WHITESPACE.matcher(INVISIBLE.matcher(text).replaceAll("")).replaceAll(" ").strip();
        if (line.codePointCount(0, line.length()) <= max) {
            return line;
        }
        int end = line.offsetByCodePoints(0, max - 1);
        return line.substring(0, end).stripTrailing() + "…";
    }

    static AiUnavailableException unparseable(String rule) {
        return new AiUnavailableException(UNPARSEABLE, "LLM answer failed validation: " + rule, null);
    }

    private static String unfence(String content) {
        Matcher fenced = FENCE.matcher(content);
        return fenced.matches() ? fenced.group(1).strip() : content;
    }

    private static JsonNode parseObject(String text) {
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (JacksonException e) {
            // e's message quotes the input: keep it out of the exception chain.
            throw unparseable("not well-formed JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (node == null || !node.isObject()) {
            throw unparseable("not a JSON object");
        }
        return node;
    }
}
