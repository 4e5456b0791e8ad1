package dev.threadline.adapter.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of an evaluation file ({@code judge-eval/README.md} has the format). A judge sees only
 * {@link #question()}; {@code label} and {@code tag} are for scoring.
 *
 * @param id the item's id as given (a string or a number), echoed in the predictions
 * @param label the expected verdict, or {@code null} for unlabelled items
 * @param tag the item's phenomenon, or {@code null}
 */
record JudgeItem(JsonNode id, Observation observation, Verdict label, String tag) {

    private static final ObjectMapper JSON = new ObjectMapper();

    JudgeQuestion question() {
        Observation o = observation;
        return new JudgeQuestion(o.summary(), o.recent(), o.agentReply(), null,
                List.of(new JudgeQuestion.Candidate(o.message(), Duration.ofSeconds(Math.round(o.gapMinutes() * 60)))));
    }

    /**
     * Reads a JSONL file.
     *
     * @throws IllegalArgumentException naming the line, for a line that is not a valid item
     */
    static List<JudgeItem> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<JudgeItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                items.add(parse(lines.get(i), file + ":" + (i + 1)));
            }
        }
        return items;
    }

    static JudgeItem parse(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not JSON");
        }
        if (n == null || !n.isObject() || !n.path("id").isValueNode() || n.path("id").isNull() || !n.path("new_message").isTextual()) {
            throw new IllegalArgumentException(where + ": an item needs an \"id\" and a string \"new_message\"");
        }
        List<String> recent = new ArrayList<>();
        if (n.path("recent_messages").isTextual()) {
            recent.add(n.get("recent_messages").asText());
        } else {
            n.path("recent_messages").forEach(m -> recent.add(m.asText()));
        }
        String label = n.path("label").isNull() ? null : n.path("label").asText(null);
        Verdict verdict = null;
        if (label != null) {
            try {
                verdict = Verdict.valueOf(label.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": \"label\" must be SAME or NEW");
            }
        }
        return new JudgeItem(n.get("id"),
                new Observation(n.path("previous_summary").asText(""), recent,
                        n.path("agent_last_reply").isTextual() ? n.get("agent_last_reply").asText() : null,
                        n.get("new_message").asText(), n.path("gap_minutes").asDouble(0)),
                verdict, n.path("tag").asText(null));
    }
}
