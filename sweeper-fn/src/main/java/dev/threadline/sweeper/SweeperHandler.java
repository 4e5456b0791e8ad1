package dev.threadline.sweeper;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.threadline.application.PollHelpdesk;
import dev.threadline.application.SweepIdleSessions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * sweeper-fn's Lambda handler: an EventBridge schedule closes idle sessions, one bounded run each,
 * and, with {@code HELPDESK_EVENTS=poll}, reads what changed in the helpdesk since the last run.
 */
public class SweeperHandler extends MicronautRequestHandler<ScheduledEvent, SweepIdleSessions.Result> {

    @Inject
    SweepIdleSessions sweep;

    /** Present only with {@code HELPDESK_EVENTS=poll}. */
    @Inject
    Optional<PollHelpdesk> poll;

    /** Used by Lambda. */
    public SweeperHandler() {
    }

    /** Used by tests and the local runner. */
    public SweeperHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SweepIdleSessions.Result execute(ScheduledEvent event) {
        poll.ifPresent(PollHelpdesk::poll);
        return sweep.sweep();
    }
}
