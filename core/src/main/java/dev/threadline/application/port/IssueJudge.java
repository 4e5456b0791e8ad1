package dev.threadline.application.port;

import dev.threadline.domain.Judgement;
import dev.threadline.domain.Transcript;

/**
 * Decides whether new messages continue the open issue. The use case only sees a {@link Judgement},
 * so an embedding-similarity judge can replace the LLM prompt without touching it.
 */
public interface IssueJudge {

    /**
     * @param previousSummary the open issue's summary
     * @param newMessages the customer's new message(s)
     * @throws AiUnavailableException on timeout, transport error or an answer other than SAME/NEW
     */
    Judgement judge(String previousSummary, Transcript newMessages);
}
