package dev.threadline.ticket;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.threadline.application.ApplyJobs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * ticket-fn's Lambda handler: maps SQS FIFO records to jobs and failed job ids to batch item
 * failures (the event source mapping enables {@code ReportBatchItemFailures}); {@link ApplyJobs}
 * does the rest.
 */
public class TicketHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    ApplyJobs jobs;

    /** Used by Lambda. */
    public TicketHandler() {
    }

    /** Used by tests and the local runner. */
    public TicketHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return new SQSBatchResponse(jobs.apply(event.getRecords().stream().map(r -> {
            Map<String, String> a = r.getAttributes() == null ? Map.of() : r.getAttributes();
            return new ApplyJobs.Job(r.getMessageId(), a.getOrDefault("MessageGroupId", ""),
                    a.getOrDefault("MessageDeduplicationId", r.getMessageId()), r.getBody(),
                    Integer.parseInt(a.getOrDefault("ApproximateReceiveCount", "1")));
        }).toList()).stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
    }
}
