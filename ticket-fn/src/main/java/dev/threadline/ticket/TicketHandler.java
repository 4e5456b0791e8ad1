package dev.threadline.ticket;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.function.aws.MicronautRequestHandler;

/** SQS FIFO to tickets. Not implemented yet: it fails every batch so that no job is acknowledged. */
public class TicketHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse execute(SQSEvent input) {
        throw new UnsupportedOperationException("ticket-fn is not implemented yet");
    }
}
