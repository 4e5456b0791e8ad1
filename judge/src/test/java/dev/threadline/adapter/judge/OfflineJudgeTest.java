package dev.threadline.adapter.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped model and pool load from the classpath and give every decision a stage, a confidence
 * and a readable reason. (Its quality is measured by judge-eval on the labelled split, not here.)
 */
class OfflineJudgeTest {

    private static OfflineJudge judge;

    @BeforeAll
    static void load() {
        judge = OfflineJudge.load("");
    }

    private static JudgeQuestion question(String summary, String... messages) {
        return new JudgeQuestion(summary, List.of("the VPN client says 'connection failed'"), null, null,
                java.util.Arrays.stream(messages).map(m -> new JudgeQuestion.Candidate(m, Duration.ofMinutes(4))).toList());
    }

    @Test
    void everyVerdictCarriesStageConfidenceAndReason() {
        List<Judgement> out = judge.judge(question("User cannot connect to VPN from home office", "??", "any update?"));

        assertThat(out).hasSize(2).allSatisfy(j -> {
            assertThat(j.stage()).isEqualTo(Stage.OFFLINE);
            assertThat(j.confidence()).isBetween(0.5, 1.0);
            assertThat(j.reason()).startsWith("offline ").contains("p(NEW)=");
        });
    }

    @Test
    void aBareNudge_staysOnTheTicket() {
        assertThat(judge.judge(question("User cannot connect to VPN from home office", "??")).get(0).verdict())
                .isEqualTo(Verdict.SAME);
    }

    @Test
    void thanksThenAnotherProblem_opensANewTicket() {
        Judgement j = judge.judge(question("User cannot connect to VPN from home office",
                "thanks, the VPN works now! but one more thing: my new printer on floor 2 prints blank pages and the "
                        + "scanner says paper jam, can someone come by this afternoon?")).get(0);

        assertThat(j.verdict()).isEqualTo(Verdict.NEW);
    }

    @Test
    void afterANewMessage_laterMessagesOfTheTurnAreJudgedAgainstTheNewIssue() {
        List<Judgement> out = judge.judge(question("User cannot connect to VPN from home office",
                "separate issue: I need a licence for Adobe Acrobat for our new hire Ana, she starts monday",
                "thanks"));

        assertThat(out.get(0).verdict()).isEqualTo(Verdict.NEW);
        assertThat(out.get(1).verdict()).isEqualTo(Verdict.SAME);
    }
}
