package dev.threadline.adapter.sqs;

import dev.threadline.application.port.JobFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The JSON body of a queued job. Versioned, so that a message written by an older intake can still
 * be read by a newer ticket-fn while a deployment rolls.
 */
@Singleton
public class JobCodec implements JobFormat {

    static final int VERSION = 1;

    private final ObjectMapper json;

    public JobCodec(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String encode(InboundMessage m) {
        try {
            return json.writeValueAsString(new Job(VERSION, m.messageId(), m.customer().phoneNumberId(),
                    m.customer().value(), m.phone(), m.userId(), m.profileName(), m.sentAt().getEpochSecond(),
                    m.type(), m.text(), m.mediaIds(), m.contextId(), json.readTree(m.rawJson())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IllegalArgumentException when the body is not a job this version can read; such a
     *     message can never succeed and belongs in the dead-letter queue
     */
    @Override
    public InboundMessage decode(String body) {
        Job job;
        try {
            job = json.readValue(body, Job.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("queued job is not valid JSON: " + e.getClass().getSimpleName(), e);
        }
        if (job.v() != VERSION) {
            throw new IllegalArgumentException("unsupported job version " + job.v());
        }
        try {
            return new InboundMessage(job.messageId(), CustomerKey.parse(job.customer()), job.phone(), job.userId(),
                    job.profileName(), Instant.ofEpochSecond(job.timestamp()), job.type(), job.text(),
                    job.mediaIds(), job.contextId(), json.writeValueAsString(job.raw()));
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("queued job is incomplete: " + e.getMessage(), e);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Job(
            int v,
            String messageId,
            String phoneNumberId,
            String customer,
            String phone,
            String userId,
            String profileName,
            long timestamp,
            String type,
            String text,
            List<String> mediaIds,
            String contextId,
            JsonNode raw) {}
}
