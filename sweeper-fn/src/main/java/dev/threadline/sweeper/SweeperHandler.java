package dev.threadline.sweeper;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.threadline.application.SweepIdleSessions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** sweeper-fn's Lambda handler: an EventBridge schedule closes idle sessions, one bounded run each. */
public class SweeperHandler extends MicronautRequestHandler<ScheduledEvent, SweepIdleSessions.Result> {

    @Inject
    SweepIdleSessions sweep;

    /** Used by Lambda. */
    public SweeperHandler() {
    }

    /** Used by tests and the local runner. */
    public SweeperHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SweepIdleSessions.Result execute(ScheduledEvent event) {
        return sweep.sweep();
    }
}
