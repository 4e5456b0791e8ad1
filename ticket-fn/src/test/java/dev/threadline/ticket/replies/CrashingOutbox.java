package dev.threadline.ticket.replies;

import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.adapter.dynamodb.DynamoDbOutbox;
import dev.threadline.adapter.dynamodb.DynamoDbSessionStore;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.OutboundReply;
import dev.threadline.fakes.SimulatedCrash;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real DynamoDB outbox, which can be armed to "crash the process" just before its n-th next update. */
@Singleton
@Replaces(DynamoDbOutbox.class)
@Requires(property = "test.crashing-outbox", value = "true")
class CrashingOutbox extends DynamoDbOutbox {

    private final AtomicInteger crashAt = new AtomicInteger();

    CrashingOutbox(DynamoDbClient dynamo, DynamoDbConfig config, DynamoDbSessionStore sessions, Metrics metrics,
                   Clock clock) {
        super(dynamo, config, sessions, metrics, clock);
    }

    /** Crashes before the {@code n}-th next update (1 = the very next one). */
    void crashBeforeUpdate(int n) {
        crashAt.set(n);
    }

    @Override
    public void update(CustomerKey customer, OutboundReply current, OutboundReply next) {
        if (crashAt.get() > 0 && crashAt.decrementAndGet() == 0) {
            throw new SimulatedCrash("before the outbox moves " + current.state() + " -> " + next.state());
        }
        super.update(customer, current, next);
    }
}
