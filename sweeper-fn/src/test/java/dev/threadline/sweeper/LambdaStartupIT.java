package dev.threadline.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.SweepIdleSessions;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** sweeper-fn's context started as Lambda starts it: eager singletons, only the sweeper's settings. */
@ExtendWith(AwsBackend.class)
class LambdaStartupIT {

    @Test
    void startsWithOnlyItsOwnSettings_everySingletonCreatedAtInit(AwsEndpoints aws) {
        Map<String, Object> settings = new HashMap<>(aws.micronautProperties());
        settings.put("threadline.dynamodb.table-name", "threadline-table");

        try (ApplicationContext context = ApplicationContext.builder().eagerInitSingletons(true)
                .properties(settings).start()) {
            assertThat(context.getBean(SweepIdleSessions.class)).isNotNull();
        }
    }
}
