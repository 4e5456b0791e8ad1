package dev.threadline.adapter.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.application.port.IssueJudge;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** judge-eval as a hidden set will run it: items with and without optional fields, labelled or not. */
class JudgeCommandTest {

    private static final Supplier<IssueJudge> NO_LLM = () -> {
        throw new IllegalArgumentException("no LLM in this test");
    };

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return JudgeCommand.evaluate(List.of(args), NO_LLM, 0.75, "", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesOnePredictionPerItem_andScoresLabelledOnes_evenWithoutRecentMessagesOrAgentReply() throws Exception {
        Path items = dir.resolve("items.jsonl");
        Files.writeString(items, """
                {"id":"a","previous_summary":"VPN drops every hour","new_message":"??","gap_minutes":3,"label":"SAME","tag":"ping"}
                {"id":"b","previous_summary":"VPN drops every hour","recent_messages":["vpn down again"],"agent_last_reply":"Which version?","new_message":"5.1.2","gap_minutes":7,"label":"SAME"}
                {"id":"c","previous_summary":"VPN drops every hour","new_message":"thanks, fixed! separate thing: I need a new laptop charger for the office in Lyon","gap_minutes":60}
                {"id":7,"previous_summary":"VPN drops every hour","recent_messages":"it dropped again","new_message":"any news?","gap_minutes":"45","label":"same"}
                """);
        Path predictions = dir.resolve("pred.jsonl");

        assertThat(run(items.toString(), "--out", predictions.toString())).isZero();

        List<JsonNode> lines = Files.readAllLines(predictions).stream().map(JudgeCommandTest::json).toList();
        assertThat(lines).extracting(l -> l.get("id").asText()).containsExactly("a", "b", "c", "7");
        assertThat(lines.get(3).get("id").isNumber()).as("an id is echoed as given").isTrue();
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("prediction").asText()).isIn("SAME", "NEW");
            assertThat(l.get("confidence").asDouble()).isBetween(0.5, 1.0);
            assertThat(l.get("stage").asText()).isEqualTo("offline");
            assertThat(l.get("reason").asText()).isNotBlank();
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("judge offline: 4 items", "accuracy", "F1", "SAME ping");
    }

    @Test
    void aBrokenLine_isNamedWithItsNumber_andNothingIsWritten() throws Exception {
        Path items = dir.resolve("items.jsonl");
        Files.writeString(items, "{\"id\":\"a\",\"new_message\":\"hi\"}\n{\"id\":\"b\",\"new_message\":\"x\",\"label\":\"MAYBE\"}\n");
        Path predictions = dir.resolve("pred.jsonl");

        assertThat(run(items.toString(), "--out", predictions.toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("items.jsonl:2", "SAME or NEW");
        assertThat(predictions).doesNotExist();
    }

    @Test
    void theBaselinesRunSideBySide_withoutAnyModel() throws Exception {
        Path items = dir.resolve("items.jsonl");
        Files.writeString(items, "{\"id\":\"a\",\"previous_summary\":\"printer jammed\",\"new_message\":\"new issue: VPN\","
                + "\"gap_minutes\":300,\"label\":\"NEW\"}\n");

        assertThat(run(items.toString(), "--judge", "always-same,window-4h,word-overlap")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("judge always-same", "judge window-4h", "judge word-overlap");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
