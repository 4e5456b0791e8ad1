package dev.threadline.ticket.cases;

import dev.threadline.adapter.dynamodb.DynamoDbCaseStore;
import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.domain.CaseRecord;
import dev.threadline.fakes.SimulatedCrash;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real DynamoDB case store, which can be armed to "crash the process" just before its next write. */
@Singleton
@Replaces(DynamoDbCaseStore.class)
@Requires(property = "test.crashing-cases", value = "true")
class CrashingCaseStore extends DynamoDbCaseStore {

    private final AtomicBoolean armed = new AtomicBoolean();

    CrashingCaseStore(DynamoDbClient dynamo, DynamoDbConfig config, Clock clock) {
        super(dynamo, config, clock);
    }

    void crashBeforeNextPut() {
        armed.set(true);
    }

    @Override
    public void put(CaseRecord record) {
        if (armed.getAndSet(false)) {
            throw new SimulatedCrash("after the helpdesk was written, before the case");
        }
        super.put(record);
    }
}
