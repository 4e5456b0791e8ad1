package dev.threadline.fakes;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueClassifier;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Classification;
import dev.threadline.domain.Decision;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Transcript;
import dev.threadline.domain.Verdict;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic classifier and judge. The judge says NEW for each message whose text contains "new issue"
 * (case-insensitive), else SAME. Either can be told to fail or to be unsure.
 */
public final class ScriptedAi implements IssueClassifier, IssueJudge {

    private final AtomicInteger classifyCalls = new AtomicInteger();
    private final AtomicInteger judgeCalls = new AtomicInteger();
    private volatile boolean classifierDown;
    private volatile boolean judgeDown;
    private volatile double confidence = 0.9;
    private volatile double judgeConfidence = 0.8;
    private volatile JudgeQuestion lastQuestion;

    @Override
    public Classification classify(Transcript conversation) {
        classifyCalls.incrementAndGet();
        if (classifierDown) {
            throw new AiUnavailableException("timeout", "scripted outage", null);
        }
        return new Classification("Summary: " + conversation.firstLine(), "Network", Priority.HIGH, confidence);
    }

    @Override
    public List<Judgement> judge(JudgeQuestion question) {
        judgeCalls.incrementAndGet();
        lastQuestion = question;
        if (judgeDown) {
            throw new AiUnavailableException("unparseable", "scripted garbage", null);
        }
        return question.messages().stream().map(m -> {
            boolean isNew = m.text().toLowerCase().contains("new issue");
            return new Judgement(isNew ? Verdict.NEW : Verdict.SAME, judgeConfidence, Decision.Stage.LLM, "scripted");
        }).toList();
    }

    /** What the judge was last asked, or {@code null}. */
    public JudgeQuestion lastQuestion() {
        return lastQuestion;
    }

    public void classifierDown(boolean down) {
        classifierDown = down;
    }

    public void judgeDown(boolean down) {
        judgeDown = down;
    }

    public void confidence(double value) {
        confidence = value;
    }

    public void judgeConfidence(double value) {
        judgeConfidence = value;
    }

    public int classifyCalls() {
        return classifyCalls.get();
    }

    public int judgeCalls() {
        return judgeCalls.get();
    }
}
