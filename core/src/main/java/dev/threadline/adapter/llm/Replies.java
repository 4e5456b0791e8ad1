package dev.threadline.adapter.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Verdict;
import java.util.ArrayList;
import java.util.List;
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
 *   <li>judgement: the same rules for the whole answer; then exactly one entry per message, in
 *       order, each with its own number. A NEW entry whose classification part is missing or
 *       breaks a rule keeps its verdict with no classification: the caller can still classify
 *       with a second call, and the verdict is what cuts the turn.</li>
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
     * Reads the completion document around the model's answer.
     *
     * @throws AiUnavailableException if the body is not such a document or the content is absent
     *     (e.g. an OpenAI refusal, which sets {@code refusal} and leaves {@code content} null)
     */
    static String completion(String body) {
        JsonNode root = parseObject(body);
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            throw unparseable("the completion has no choices");
        }
        JsonNode content = choices.get(0).path("message").path("content");
        if (!content.isTextual()) {
            throw unparseable("no message content in the completion");
        }
        return content.asText();
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
     * Parses the classification JSON: {@code summary} a non-blank string (whitespace collapsed,
     * cut to {@value #MAX_SUMMARY} characters), {@code issue_type} a string or null/absent (blank
     * means null; cut to {@value #MAX_ISSUE_TYPE}), {@code priority} one of {@link Priority} in any
     * case, {@code confidence} a JSON number within [0, 1] (not a string, not a percentage).
     */
    static Classification classification(String content) {
        JsonNode root = parseObject(unfence(content.strip()));
        return classification(root, confidence(root));
    }

    /**
     * Parses the judge's JSON, {@code {"verdicts":[{"message":1,"verdict":"SAME","confidence":0.9},
     * {"message":2,"verdict":"NEW","confidence":0.8,"summary":…,"issue_type":…,"priority":…}]}}:
     * exactly {@code messages} entries, entry {@code i} with {@code "message": i} (from 1), a
     * {@code verdict} of {@code SAME} or {@code NEW} in any case and a {@code confidence} as for a
     * classification. A NEW entry's {@code summary}, {@code issue_type} and {@code priority} follow
     * the classification rules and take the verdict's confidence; when they do not, the judgement
     * has no classification.
     */
    static List<Judgement> judgements(String content, int messages) {
        JsonNode verdicts = parseObject(unfence(content.strip())).get("verdicts");
        if (verdicts == null || !verdicts.isArray()) {
            throw unparseable("verdicts is missing or not an array");
        }
        if (verdicts.size() != messages) {
            throw unparseable(verdicts.size() + " verdict(s) for " + messages + " message(s)");
        }
        List<Judgement> judgements = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            JsonNode entry = verdicts.get(i);
            if (!entry.isObject()) {
                throw unparseable("verdict " + (i + 1) + " is not an object");
            }
            JsonNode number = entry.get("message");
            if (number == null || !number.isIntegralNumber() || number.asLong() != i + 1) {
                throw unparseable("verdict " + (i + 1) + " does not carry its message number");
            }
            JsonNode verdictNode = entry.get("verdict");
            String word = verdictNode != null && verdictNode.isTextual() ? verdictNode.asText().toUpperCase(Locale.ROOT) : "";
            Verdict verdict = switch (word) {
                case "SAME" -> Verdict.SAME;
                case "NEW" -> Verdict.NEW;
                default -> throw unparseable("verdict " + (i + 1) + " is not SAME or NEW");
            };
            double confidence = confidence(entry);
            String reason = "llm: message " + (i + 1) + " of " + messages;
            Classification classification = null;
            if (verdict == Verdict.NEW) {
                classification = classificationOrNull(entry, confidence);
                reason += classification == null ? ", unclassified" : ", classified";
            }
            judgements.add(new Judgement(verdict, confidence, Decision.Stage.LLM, reason, classification));
        }
        return judgements;
    }

    private static Classification classification(JsonNode root, double confidence) {
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
        return new Classification(summary, issueType, priority, confidence);
    }

    /** A verdict stands without its classification: the caller then classifies with a second call. */
    private static Classification classificationOrNull(JsonNode entry, double confidence) {
        try {
            return classification(entry, confidence);
        } catch (AiUnavailableException invalid) {
            return null;
        }
    }

    private static double confidence(JsonNode node) {
        JsonNode confidenceNode = node.get("confidence");
        if (confidenceNode == null || !confidenceNode.isNumber()) {
            throw unparseable("confidence is missing or not a number");
        }
        double confidence = confidenceNode.asDouble();
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw unparseable("confidence is outside [0, 1]");
        }
        return confidence;
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

    static String unfence(String content) {
        Matcher fenced = FENCE.matcher(content);
        return fenced.matches() ? fenced.group(1).strip() : content;
    }

    static JsonNode parseObject(String text) {
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
