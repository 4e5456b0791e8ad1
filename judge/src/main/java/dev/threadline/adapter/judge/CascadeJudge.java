package dev.threadline.adapter.judge;

import dev.threadline.application.port.AiUnavailableException;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline judge first; the LLM only when the offline judge is unsure of some message of the
 * turn (confidence below {@code JUDGE_LLM_BELOW}). Then one LLM call answers for the whole turn, and
 * its verdicts replace the offline ones from the first unsure message on (earlier verdicts were
 * sure, and the LLM judges each message in the same running context). If the LLM fails, the offline
 * verdicts stand: the cascade never fails where the offline judge alone would not.
 */
public final class CascadeJudge implements IssueJudge {

    private final IssueJudge offline;
    private final IssueJudge llm;
    /** {@code JUDGE_LLM_BELOW} when unset: written here only. */
    public static final double DEFAULT_LLM_BELOW = 0.75;

    private final double llmBelow;

    public CascadeJudge(IssueJudge offline, IssueJudge llm, double llmBelow) {
        if (!(llmBelow >= 0.5 && llmBelow <= 1.0)) {
            throw new IllegalArgumentException("JUDGE_LLM_BELOW must be within [0.5, 1], was " + llmBelow);
        }
        this.offline = offline;
        this.llm = llm;
        this.llmBelow = llmBelow;
    }

    /** The first stage, for priming. */
    IssueJudge offline() {
        return offline;
    }

    @Override
    public List<Judgement> judge(JudgeQuestion question) {
        List<Judgement> first = offline.judge(question);
        int unsure = -1;
        for (int i = 0; i < first.size() && unsure < 0; i++) {
            Double c = first.get(i).confidence();
            if (c == null || c < llmBelow) {
                unsure = i;
            }
        }
        if (unsure < 0) {
            return first;
        }
        List<Judgement> second;
        try {
            second = llm.judge(question);
        } catch (AiUnavailableException e) {
            return first;
        }
        List<Judgement> out = new ArrayList<>(first.subList(0, unsure));
        out.addAll(second.subList(unsure, second.size()));
        return out;
    }
}
