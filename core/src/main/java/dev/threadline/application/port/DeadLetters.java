package dev.threadline.application.port;

import java.util.List;

/**
 * Where jobs that can never succeed go, each with a readable reason, so that nothing is dropped
 * silently and an operator can fix the cause and redrive them.
 */
public interface DeadLetters {

    /**
     * Stores the jobs with the reason.
     *
     * @throws RuntimeException when they could not be stored; the caller must then keep the jobs
     */
    void deadLetter(List<DeadJob> jobs, String reason);

    /**
     * @param body the queued job, verbatim
     * @param groupId its FIFO group
     * @param deduplicationId its FIFO deduplication id
     */
    record DeadJob(String body, String groupId, String deduplicationId) {}
}
