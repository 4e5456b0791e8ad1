package dev.threadline.adapter.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Verdict;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class RepliesTest {

    private static final String SEED_JSON = """
            {"summary": "User unable to SSH to server 10.221.35.60", "issue_type": "Network",
             "priority": "High", "confidence": 0.91}""";
    private static final Classification SEED = new Classification(
            "User unable to SSH to server 10.221.35.60", "Network", Priority.HIGH, 0.91);

    private static AiUnavailableException unparseable(Runnable parse) {
        AiUnavailableException e = catchThrowableOfType(AiUnavailableException.class, parse::run);
        assertThat(e).as("an AiUnavailableException").isNotNull();
        assertThat(e.reason()).isEqualTo("unparseable");
        assertThat(e.getCause()).isNull();
        return e;
    }

    private static String json(String summary, String issueType, String priority, String confidence) {
        return "{\"summary\":" + summary + ",\"issue_type\":" + issueType + ",\"priority\":" + priority
                + ",\"confidence\":" + confidence + "}";
    }

    // --- the completion document -----------------------------------------------------------------

    @Test
    void readsTheFirstChoicesContent() {
        String body = """
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,
                 "message":{"role":"assistant","content":"SAME"},"finish_reason":"stop"}]}""";

        assertThat(Replies.completion(body)).isEqualTo("SAME");
    }

    @Test
    void rejectsDocumentsWithoutUsableContent() {
        for (String body : List.of("", "<html>502</html>", "[]", "{}", "{\"choices\":[]}", "{\"choices\":[1]}",
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"no\"}}]}",
                "{\"choices\":[{\"message\":{\"content\":42}}]}")) {
            unparseable(() -> Replies.completion(body));
        }
    }

    @Test
    void readsAShortErrorCodeFromAnErrorBody_butNeverFreeText() {
        assertThat(Replies.errorCode("{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}")).isEqualTo("invalid_api_key");
        assertThat(Replies.errorCode("{\"error\":{\"message\":\"x\",\"type\":\"server_error\",\"code\":null}}"))
                .isEqualTo("server_error");
        assertThat(Replies.errorCode("{\"error\":{\"type\":\"Your prompt 'my password is hunter2' is too long\"}}"))
                .isNull();
        assertThat(Replies.errorCode("{\"error\":\"model not found\"}")).isNull();
        assertThat(Replies.errorCode("<html>502</html>")).isNull();
        assertThat(Replies.errorCode(null)).isNull();
    }

    // --- classification --------------------------------------------------------------------------

    @Test
    void acceptsTheSeedsJson() {
        assertThat(Replies.classification(SEED_JSON)).isEqualTo(SEED);
    }

    @Test
    void acceptsOneSurroundingCodeFence_withOrWithoutTheJsonLanguageTag() {
        assertThat(Replies.classification("```json\n" + SEED_JSON + "\n```")).isEqualTo(SEED);
        assertThat(Replies.classification("  ```\n" + SEED_JSON + "\n```\n")).isEqualTo(SEED);
    }

    @Test
    void rejectsProseAroundTheJson_trailingTokens_duplicateKeysAndNonObjects() {
        for (String content : List.of(
                "Here is the classification: " + SEED_JSON,
                SEED_JSON + " Hope this helps!",
                "```json\n" + SEED_JSON + "\n``` Hope this helps!",
                SEED_JSON + SEED_JSON,
                "{\"summary\":\"a\",\"summary\":\"b\",\"issue_type\":null,\"priority\":\"Low\",\"confidence\":0.5}",
                "[" + SEED_JSON + "]",
                "\"User unable to SSH\"",
                "null",
                "   ",
                "{\"summary\": 'single quotes', \"priority\":\"Low\",\"confidence\":0.5}",
                "{\"summary\":\"a\",\"priority\":\"Low\",\"confidence\":NaN}")) {
            unparseable(() -> Replies.classification(content));
        }
    }

    @Test
    void collapsesWhitespaceInTheSummary_andCutsItTo140Characters() {
        Classification spaced = Replies.classification(json("\"  VPN\\n\\tdown   again \\u202E \"", "null", "\"Low\"", "0.5"));
        assertThat(spaced.summary()).isEqualTo("VPN down again");

        String long140 = "a".repeat(139) + "😀" + "b".repeat(20);
        String summary = Replies.classification(json("\"" + long140 + "\"", "null", "\"Low\"", "0.5")).summary();
        assertThat(summary).hasSize(139 + 1).endsWith("…").startsWith("a".repeat(139));
        assertThat(summary.codePointCount(0, summary.length())).isEqualTo(140);
    }

    @Test
    void rejectsABlankMissingOrNonStringSummary() {
        for (String summary : List.of("\"\"", "\"   \\n \"", "null", "42", "[\"a\"]")) {
            unparseable(() -> Replies.classification(json(summary, "null", "\"Low\"", "0.5")));
        }
        unparseable(() -> Replies.classification("{\"issue_type\":null,\"priority\":\"Low\",\"confidence\":0.5}"));
    }

    @Test
    void treatsANullAbsentOrBlankIssueTypeAsNone() {
        assertThat(Replies.classification(json("\"a\"", "null", "\"Low\"", "0.5")).issueType()).isNull();
        assertThat(Replies.classification(json("\"a\"", "\" \"", "\"Low\"", "0.5")).issueType()).isNull();
        assertThat(Replies.classification("{\"summary\":\"a\",\"priority\":\"Low\",\"confidence\":0.5}").issueType())
                .isNull();
        assertThat(Replies.classification(json("\"a\"", "\" Network \"", "\"Low\"", "0.5")).issueType())
                .isEqualTo("Network");
    }

    @Test
    void rejectsANonStringIssueType() {
        unparseable(() -> Replies.classification(json("\"a\"", "7", "\"Low\"", "0.5")));
        unparseable(() -> Replies.classification(json("\"a\"", "{}", "\"Low\"", "0.5")));
    }

    @Test
    void acceptsEveryPriorityInAnyCase() {
        SoftAssertions soft = new SoftAssertions();
        for (Priority priority : Priority.values()) {
            for (String spelled : List.of(priority.label(), priority.name(), priority.label().toLowerCase())) {
                soft.assertThat(Replies.classification(json("\"a\"", "null", "\"" + spelled + "\"", "0.5")).priority())
                        .isEqualTo(priority);
            }
        }
        soft.assertAll();
    }

    @Test
    void rejectsAnUnknownMissingOrNonStringPriority() {
        for (String priority : List.of("\"P1\"", "\"Highest\"", "\"\"", "null", "3")) {
            unparseable(() -> Replies.classification(json("\"a\"", "null", priority, "0.5")));
        }
        unparseable(() -> Replies.classification("{\"summary\":\"a\",\"confidence\":0.5}"));
    }

    @Test
    void acceptsConfidenceFromZeroToOneInclusive() {
        assertThat(Replies.classification(json("\"a\"", "null", "\"Low\"", "0")).confidence()).isZero();
        assertThat(Replies.classification(json("\"a\"", "null", "\"Low\"", "1")).confidence()).isEqualTo(1.0);
        assertThat(Replies.classification(json("\"a\"", "null", "\"Low\"", "1.0e-1")).confidence()).isEqualTo(0.1);
    }

    @Test
    void rejectsConfidenceOutOfRange_asAStringOrPercentage_orMissing() {
        for (String confidence : List.of("1.01", "-0.1", "91", "\"0.9\"", "null", "true", "1e400")) {
            unparseable(() -> Replies.classification(json("\"a\"", "null", "\"Low\"", confidence)));
        }
        unparseable(() -> Replies.classification("{\"summary\":\"a\",\"priority\":\"Low\"}"));
    }

    @Test
    void neverQuotesTheAnswerInTheException() {
        String leaky = "{\"summary\":\"Call me on +49 170 1234567\",\"priority\":\"P1\",\"confidence\":0.5}";
        String broken = "Customer +49 170 1234567 says {";

        assertThat(unparseable(() -> Replies.classification(leaky)).getMessage()).doesNotContain("1234567");
        assertThat(unparseable(() -> Replies.classification(broken)).getMessage()).doesNotContain("1234567");
        assertThat(unparseable(() -> Replies.judgements(
                "{\"verdicts\":[{\"message\":1,\"verdict\":\"+49 170 1234567\",\"confidence\":0.5}]}", 1))
                .getMessage()).doesNotContain("1234567");
        assertThat(unparseable(() -> Replies.judgements("Customer +49 170 1234567 is SAME", 1)).getMessage())
                .doesNotContain("1234567");
    }

    // --- judgements ------------------------------------------------------------------------------

    private static String same(int message, double confidence) {
        return "{\"message\":" + message + ",\"verdict\":\"SAME\",\"confidence\":" + confidence + "}";
    }

    private static String verdicts(String... entries) {
        return "{\"verdicts\":[" + String.join(",", entries) + "]}";
    }

    private static final String NEW_2 = """
            {"message":2,"verdict":"NEW","confidence":0.8,"summary":"Laptop does not boot",\
            "issue_type":"Hardware","priority":"High"}""";

    @Test
    void givesABurstOfThreeMessagesThreeJudgements_inOrder() {
        List<Judgement> judgements = Replies.judgements(verdicts(same(1, 0.9), NEW_2, same(3, 0.6)), 3);

        assertThat(judgements).extracting(Judgement::verdict).containsExactly(Verdict.SAME, Verdict.NEW, Verdict.SAME);
        assertThat(judgements).extracting(Judgement::confidence).containsExactly(0.9, 0.8, 0.6);
        assertThat(judgements).extracting(Judgement::stage).containsOnly(Decision.Stage.LLM);
        assertThat(judgements).extracting(Judgement::reason).containsExactly(
                "llm: message 1 of 3", "llm: message 2 of 3, classified", "llm: message 3 of 3");
    }

    @Test
    void aNewVerdictCarriesItsClassification_withTheVerdictsConfidence() {
        Judgement judgement = Replies.judgements(verdicts(same(1, 0.9), NEW_2), 2).get(1);

        assertThat(judgement.classification())
                .isEqualTo(new Classification("Laptop does not boot", "Hardware", Priority.HIGH, 0.8));
    }

    @Test
    void aNewVerdictStandsWithoutClassification_whenThatPartIsMissingOrBreaksARule() {
        for (String entry : List.of(
                "{\"message\":1,\"verdict\":\"NEW\",\"confidence\":0.7}",
                "{\"message\":1,\"verdict\":\"NEW\",\"confidence\":0.7,\"summary\":\" \",\"priority\":\"High\"}",
                "{\"message\":1,\"verdict\":\"NEW\",\"confidence\":0.7,\"summary\":\"a\",\"priority\":\"P1\"}",
                "{\"message\":1,\"verdict\":\"NEW\",\"confidence\":0.7,\"summary\":\"a\",\"issue_type\":3,"
                        + "\"priority\":\"Low\"}")) {
            Judgement judgement = Replies.judgements(verdicts(entry), 1).get(0);

            assertThat(judgement.verdict()).as(entry).isEqualTo(Verdict.NEW);
            assertThat(judgement.confidence()).as(entry).isEqualTo(0.7);
            assertThat(judgement.classification()).as(entry).isNull();
            assertThat(judgement.reason()).as(entry).isEqualTo("llm: message 1 of 1, unclassified");
        }
    }

    @Test
    void acceptsVerdictsInAnyCase_aCodeFence_andIgnoresUnknownKeysAndASamesClassification() {
        String answer = "```json\n{\"verdicts\":[{\"message\":1,\"verdict\":\"same\",\"confidence\":1,"
                + "\"summary\":\"x\",\"priority\":\"Low\",\"why\":\"...\"}],\"note\":1}\n```";

        Judgement judgement = Replies.judgements(answer, 1).get(0);

        assertThat(judgement.verdict()).isEqualTo(Verdict.SAME);
        assertThat(judgement.classification()).isNull();
    }

    @Test
    void rejectsTwoVerdictsForThreeMessages_andFourToo() {
        assertThat(unparseable(() -> Replies.judgements(verdicts(same(1, 0.9), NEW_2), 3)).getMessage())
                .contains("2 verdict(s) for 3 message(s)");
        unparseable(() -> Replies.judgements(verdicts(same(1, 0.9), NEW_2, same(3, 0.5), same(4, 0.5)), 3));
        unparseable(() -> Replies.judgements(verdicts(), 1));
    }

    @Test
    void rejectsEntriesOutOfOrder_orWithoutTheirNumber() {
        for (String answer : List.of(
                verdicts(NEW_2, same(1, 0.9)),
                verdicts(same(1, 0.9), same(1, 0.9)),
                verdicts(same(0, 0.9), same(1, 0.9)),
                verdicts("{\"verdict\":\"SAME\",\"confidence\":0.9}", NEW_2),
                verdicts("{\"message\":\"1\",\"verdict\":\"SAME\",\"confidence\":0.9}", NEW_2),
                verdicts("{\"message\":1.5,\"verdict\":\"SAME\",\"confidence\":0.9}", NEW_2))) {
            unparseable(() -> Replies.judgements(answer, 2));
        }
    }

    @Test
    void rejectsAnythingButSameOrNew_andConfidencesOutsideZeroToOne() {
        for (String verdict : List.of("\"SAME.\"", "\" SAME\"", "\"MAYBE\"", "\"SAME or NEW\"", "\"\"", "null", "1",
                "[\"SAME\"]")) {
            unparseable(() -> Replies.judgements(
                    verdicts("{\"message\":1,\"verdict\":" + verdict + ",\"confidence\":0.9}"), 1));
        }
        for (String confidence : List.of("1.01", "-0.1", "90", "\"0.9\"", "null", "true")) {
            unparseable(() -> Replies.judgements(
                    verdicts("{\"message\":1,\"verdict\":\"SAME\",\"confidence\":" + confidence + "}"), 1));
        }
        unparseable(() -> Replies.judgements(verdicts("{\"message\":1,\"verdict\":\"SAME\"}"), 1));
    }

    @Test
    void rejectsTheOldOneWordAnswer_proseAndOtherShapes() {
        for (String answer : List.of("SAME", "NEW.", "", "[]", "{}", "{\"verdicts\":{}}", "{\"verdicts\":[\"SAME\"]}",
                "{\"verdicts\":null}", "Here you go: " + verdicts(same(1, 0.9)), verdicts(same(1, 0.9)) + " done",
                "{\"verdicts\":[],\"verdicts\":[" + same(1, 0.9) + "]}")) {
            unparseable(() -> Replies.judgements(answer, 1));
        }
    }
}
