package dev.threadline.adapter.judge;

import dev.threadline.config.Primer;
import dev.threadline.domain.JudgeQuestion;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Judges one made-up message before a SnapStart snapshot, so the snapshot holds the ONNX session,
 * the tokenizer's native library and the feature code loaded and warm: the first real follow-up
 * after a restore pays no model start.
 */
@Singleton
class JudgePrimer implements Primer {

    private final OfflineJudge judge;

    JudgePrimer(OfflineJudge judge) {
        this.judge = judge;
    }

    @Override
    public void prime() {
        judge.judge(new JudgeQuestion("VPN drops every hour", List.of("vpn dropped again"), "Which client version?", null,
                List.of(new JudgeQuestion.Candidate("5.1.2, and the printer is offline too", Duration.ofMinutes(3)))));
    }
}
