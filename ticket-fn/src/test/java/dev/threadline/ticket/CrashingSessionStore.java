package dev.threadline.ticket;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.adapter.dynamodb.DynamoDbSessionStore;
import dev.threadline.application.port.Metrics;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.Session;
import dev.threadline.domain.TicketRecord;
import dev.threadline.fakes.SimulatedCrash;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real DynamoDB session store, which can be armed to "crash the process" just before its next
 * {@code complete}: after the helpdesk effect, before the session write.
 */
@Singleton
@Replaces(DynamoDbSessionStore.class)
@Requires(property = "test.crashing-store", value = "true")
class CrashingSessionStore extends DynamoDbSessionStore {

    private volatile boolean crashBeforeComplete;

    CrashingSessionStore(DynamoDbClient dynamo, DynamoDbConfig config, Clock clock, ObjectMapper json, Metrics metrics) {
        super(dynamo, config, clock, json, metrics);
    }

    void crashBeforeNextComplete() {
        crashBeforeComplete = true;
    }

    @Override
    public void complete(Session current, Session next, TicketRecord opened, TicketRecord closedTicket, Instant closedAt,
                         List<MessageRef> applied) {
        if (crashBeforeComplete) {
            crashBeforeComplete = false;
            throw new SimulatedCrash("after the helpdesk effect, before the session write");
        }
        super.complete(current, next, opened, closedTicket, closedAt, applied);
    }
}
