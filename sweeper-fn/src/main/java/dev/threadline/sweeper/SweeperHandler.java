package dev.threadline.sweeper;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.function.aws.MicronautRequestHandler;

/** Closes idle sessions on a schedule. Not implemented yet. */
public class SweeperHandler extends MicronautRequestHandler<ScheduledEvent, Void> {

    @Override
    public Void execute(ScheduledEvent input) {
        throw new UnsupportedOperationException("sweeper-fn is not implemented yet");
    }
}
