package dev.threadline.adapter.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cascade asks the LLM only when the offline judge is unsure, once per turn, and never fails on it. */
class CascadeJudgeTest {

    private final AtomicInteger llmCalls = new AtomicInteger();

    private static JudgeQuestion turn(String... texts) {
        return new JudgeQuestion("VPN down", List.of(), null, null,
                java.util.Arrays.stream(texts).map(t -> new JudgeQuestion.Candidate(t, Duration.ofMinutes(3))).toList());
    }

    /** Offline verdicts with the given confidences, all SAME. */
    private static IssueJudge offline(double... confidences) {
        return q -> java.util.Arrays.stream(confidences)
                .mapToObj(c -> new Judgement(Verdict.SAME, c, Stage.OFFLINE, "offline")).toList();
    }

    private IssueJudge llm() {
        return q -> {
            llmCalls.incrementAndGet();
            return q.messages().stream().map(m -> new Judgement(Verdict.NEW, 0.8, Stage.LLM, "llm")).toList();
        };
    }

    @Test
    void aConfidentOfflineJudge_neverCallsTheLlm() {
        List<Judgement> out = new CascadeJudge(offline(0.95, 0.9), llm(), 0.75).judge(turn("still down", "any update?"));

        assertThat(llmCalls).hasValue(0);
        assertThat(out).extracting(Judgement::stage).containsOnly(Stage.OFFLINE);
    }

    @Test
    void anUnsureMessage_costsOneLlmCallForTheWholeTurn_andKeepsTheSureVerdictsBeforeIt() {
        List<Judgement> out = new CascadeJudge(offline(0.95, 0.6, 0.9), llm(), 0.75).judge(turn("still down", "btw", "printer"));

        assertThat(llmCalls).hasValue(1);
        assertThat(out).extracting(Judgement::stage).containsExactly(Stage.OFFLINE, Stage.LLM, Stage.LLM);
    }

    @Test
    void anLlmOutage_keepsTheOfflineVerdicts() {
        IssueJudge down = q -> {
            throw new AiUnavailableException("timeout", "no answer", null);
        };
        List<Judgement> out = new CascadeJudge(offline(0.6), down, 0.75).judge(turn("hmm"));

        assertThat(out).singleElement().satisfies(j -> {
            assertThat(j.stage()).isEqualTo(Stage.OFFLINE);
            assertThat(j.confidence()).isEqualTo(0.6);
        });
    }

    @Test
    void aThresholdOutsideHalfToOne_isRefusedWithTheVariableName() {
        assertThatThrownBy(() -> new CascadeJudge(offline(), llm(), 0.3))
                .hasMessageContaining("JUDGE_LLM_BELOW");
    }
}
