package dev.threadline.application.port;

import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import java.util.List;

/**
 * Decides, for each new message of a turn, whether it continues the open issue (SAME) or starts a
 * different one (NEW). The use case only sees {@link Judgement}s, so the offline judge, an LLM and a
 * cascade of both are interchangeable.
 *
 * <p>Message {@code i} is judged against everything before it: the open issue for the first
 * message, and for later ones the same issue plus the earlier messages of the turn, <em>unless</em>
 * an earlier message was judged NEW: then message {@code i} is judged against that new issue (the
 * messages from it on). So one call decides where a burst must be cut.
 */
public interface IssueJudge {

    /**
     * @return one judgement per message of {@code question.messages()}, in order
     * @throws AiUnavailableException when the judge cannot answer (timeout, transport error, an
     *     invalid answer); the caller applies its fallback
     */
    List<Judgement> judge(JudgeQuestion question);
}
