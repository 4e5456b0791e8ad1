package dev.threadline.adapter.judge;

import dev.threadline.application.port.IssueJudge;
import dev.threadline.config.Primer;
import dev.threadline.domain.JudgeQuestion;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Judges one made-up message with the offline judge before a SnapStart snapshot, so the snapshot
 * holds the ONNX session, the tokenizer's native library and the feature code loaded and warm: the
 * first real follow-up after a restore pays no model start. Nothing with {@code JUDGE_MODE=llm}
 * (no offline stage, and priming must not call the LLM).
 */
@Singleton
class JudgePrimer implements Primer {

    private final IssueJudge judge;

    JudgePrimer(IssueJudge judge) {
        this.judge = judge;
    }

    @Override
    public void prime() {
        IssueJudge offline = judge instanceof CascadeJudge cascade ? cascade.offline() : judge;
        if (!(offline instanceof OfflineJudge)) {
            return;
        }
        offline.judge(new JudgeQuestion("VPN drops every hour", List.of("vpn dropped again"), "Which client version?", null,
                List.of(new JudgeQuestion.Candidate("5.1.2, and the printer is offline too", Duration.ofMinutes(3)))));
    }
}
