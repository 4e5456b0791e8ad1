package dev.threadline.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.threadline.application.SweepIdleSessions;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.TestAws;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sweeper-fn's context started as Lambda starts it: eager singletons, only the sweeper's settings. */
class LambdaStartupIT {

    @Test
    void startsWithOnlyItsOwnSettings_everySingletonCreatedAtInit() {
        AwsEndpoints aws = TestAws.endpoints().orElse(null);
        assumeTrue(aws != null, "the selected AWS backend is not available here");
        Map<String, Object> settings = new HashMap<>(aws.micronautProperties());
        settings.put("threadline.dynamodb.table-name", "threadline-table");

        try (ApplicationContext context = ApplicationContext.builder().eagerInitSingletons(true)
                .properties(settings).start()) {
            assertThat(context.getBean(SweepIdleSessions.class)).isNotNull();
        }
    }
}
