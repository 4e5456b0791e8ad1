package dev.threadline.adapter.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.domain.Classification;
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

        assertThat(Replies.completion(body).content()).isEqualTo("SAME");
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
        assertThat(unparseable(() -> Replies.verdict("Customer +49 170 1234567")).getMessage()).doesNotContain("1234567");
    }

    // --- verdict ---------------------------------------------------------------------------------

    @Test
    void acceptsSameOrNew_inAnyCase_withWhitespaceAndOneFinalPeriod() {
        assertThat(Replies.verdict("SAME")).isEqualTo(Verdict.SAME);
        assertThat(Replies.verdict("same")).isEqualTo(Verdict.SAME);
        assertThat(Replies.verdict(" \nSame.\n")).isEqualTo(Verdict.SAME);
        assertThat(Replies.verdict("NEW")).isEqualTo(Verdict.NEW);
        assertThat(Replies.verdict("New.")).isEqualTo(Verdict.NEW);
    }

    @Test
    void rejectsAnythingElse() {
        for (String answer : List.of("", " ", ".", "SAME..", "SAME!", "\"SAME\"", "**SAME**", "SAME or NEW",
                "The answer is SAME", "SAME because the printer is the same", "NEW issue", "SAMENESS", "NEWS",
                "S", "Yes", "SAME\nNEW", "SAME .")) {
            unparseable(() -> Replies.verdict(answer));
        }
    }

    // --- logprob confidence ----------------------------------------------------------------------

    private static Replies.Completion withLogprobs(String tokens) {
        return Replies.completion("{\"choices\":[{\"message\":{\"content\":\"SAME\"},\"logprobs\":{\"content\":"
                + tokens + "}}]}");
    }

    @Test
    void reportsTheProbabilityOfTheVerdictsFirstToken() {
        double p = Replies.verdictConfidence(withLogprobs("[{\"token\":\"SAME\",\"logprob\":" + Math.log(0.8) + "}]"),
                Verdict.SAME);
        assertThat(p).isCloseTo(0.8, within(1e-9));

        double split = Replies.verdictConfidence(withLogprobs(
                "[{\"token\":\"\\n\",\"logprob\":-0.01},{\"token\":\"S\",\"logprob\":" + Math.log(0.6)
                        + "},{\"token\":\"AME\",\"logprob\":0}]"), Verdict.SAME);
        assertThat(split).isCloseTo(0.6, within(1e-9));

        assertThat(Replies.verdictConfidence(withLogprobs("[{\"token\":\"SAME\",\"logprob\":0.5}]"), Verdict.SAME))
                .isEqualTo(1.0);
    }

    @Test
    void reportsNoConfidence_whenLogprobsAreAbsentMalformedOrAboutAnotherToken() {
        assertThat(Replies.verdictConfidence(Replies.completion(
                "{\"choices\":[{\"message\":{\"content\":\"SAME\"}}]}"), Verdict.SAME)).isNull();
        assertThat(Replies.verdictConfidence(Replies.completion(
                "{\"choices\":[{\"message\":{\"content\":\"SAME\"},\"logprobs\":null}]}"), Verdict.SAME)).isNull();
        assertThat(Replies.verdictConfidence(withLogprobs("[]"), Verdict.SAME)).isNull();
        assertThat(Replies.verdictConfidence(withLogprobs("[{\"token\":\"NEW\",\"logprob\":-0.1}]"), Verdict.SAME))
                .isNull();
        assertThat(Replies.verdictConfidence(withLogprobs("[{\"token\":\"SAME\",\"logprob\":\"-0.1\"}]"), Verdict.SAME))
                .isNull();
        assertThat(Replies.verdictConfidence(withLogprobs("{\"token\":\"SAME\"}"), Verdict.SAME)).isNull();
    }
}
