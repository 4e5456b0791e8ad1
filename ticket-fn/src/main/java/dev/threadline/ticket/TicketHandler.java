package dev.threadline.ticket;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * ticket-fn's Lambda handler: SQS FIFO batch in, the ids of failed jobs out (the event source mapping
 * must enable {@code ReportBatchItemFailures}).
 */
public class TicketHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    TicketBatch batch;

    /** Used by Lambda. */
    public TicketHandler() {
    }

    /** Used by tests and the local runner. */
    public TicketHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return new SQSBatchResponse(batch.process(event.getRecords()).stream()
                .map(SQSBatchResponse.BatchItemFailure::new)
                .toList());
    }
}
