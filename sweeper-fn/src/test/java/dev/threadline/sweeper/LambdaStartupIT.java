package dev.threadline.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.PollHelpdesk;
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
        // The template always gives the sweeper the queue and the ERPNext site (HelpdeskEvents=poll uses them),
        // and the secret always holds the ERPNext key pair.
        settings.put("threadline.sqs.queue-url", "http://127.0.0.1:1/000000000000/threadline-jobs.fifo");
        settings.put("threadline.erpnext.url", "https://erp.example.com");
        settings.put("threadline.erpnext.api-key", "key");
        settings.put("threadline.erpnext.api-secret", "secret");

        try (ApplicationContext context = ApplicationContext.builder().eagerInitSingletons(true)
                .properties(settings).start()) {
            assertThat(context.getBean(SweepIdleSessions.class)).isNotNull();
            assertThat(context.findBean(PollHelpdesk.class)).as("polling is off unless HELPDESK_EVENTS=poll").isEmpty();
        }
        settings.put("threadline.helpdesk-events", "poll");
        try (ApplicationContext context = ApplicationContext.builder().eagerInitSingletons(true)
                .properties(settings).start()) {
            assertThat(context.findBean(PollHelpdesk.class)).isPresent();
        }
    }
}
