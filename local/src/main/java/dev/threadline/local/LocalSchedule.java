package dev.threadline.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.sweeper.SweeperHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/** EventBridge's schedule for the sweeper, locally: every tick invokes the handler with a Scheduled Event. */
final class LocalSchedule implements AutoCloseable {

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("sweeper").unstarted(r));

    LocalSchedule(SweeperHandler handler, Duration every, Clock clock) {
        executor.scheduleAtFixedRate(() -> {
            try {
                handler.handleRequest(scheduledEvent(clock), null);
            } catch (RuntimeException e) {
                System.err.println("sweeper: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What EventBridge sends on each tick (events/sweeper-scheduled.json), at the stack's time. */
    static ScheduledEvent scheduledEvent(Clock clock) {
        return new ScheduledEvent().withVersion("0").withId(UUID.randomUUID().toString())
                .withDetailType("Scheduled Event").withSource("aws.events").withAccount("000000000000")
                .withTime(new DateTime(clock.millis(), DateTimeZone.UTC)).withRegion(EmbeddedAws.REGION)
                .withResources(List.of("arn:aws:events:" + EmbeddedAws.REGION + ":000000000000:rule/threadline-local-sweep"))
                .withDetail(Map.of());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
