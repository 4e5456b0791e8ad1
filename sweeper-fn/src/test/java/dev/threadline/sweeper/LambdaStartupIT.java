package dev.threadline.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.AcceptWebhook;
import dev.threadline.application.ApplyJobs;
import dev.threadline.application.PollHelpdesk;
import dev.threadline.application.SweepIdleSessions;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.MessageLedger;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaInit;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * sweeper-fn's context started as Lambda starts it: eager singletons, only the sweeper's settings; the
 * intake and ticket beans are not created (config/Functions).
 */
@ExtendWith(AwsBackend.class)
class LambdaStartupIT {

    @Test
    void startsWithOnlyItsOwnSettings_everySingletonCreatedAtInit(AwsEndpoints aws) {
        try (ApplicationContext context = LambdaInit.start(settings(aws))) {
            assertThat(context.getBean(SweepIdleSessions.class)).isNotNull();
            assertThat(context.containsBean(ApplyJobs.class)).as("ticket-fn's use case").isFalse();
            assertThat(context.containsBean(Helpdesk.class)).as("ticket-fn's ERPNext adapter").isFalse();
            assertThat(context.containsBean(AcceptWebhook.class)).as("intake's use case").isFalse();
            assertThat(context.containsBean(JobQueue.class)).as("intake's queue").isFalse();
            assertThat(context.containsBean(MessageLedger.class)).as("intake's ledger").isFalse();
            assertThat(context.containsBean(PollHelpdesk.class)).as("polling is off unless HELPDESK_EVENTS=poll").isFalse();
        }
    }

    @Test
    void pollingTheHelpdesk_wiresTheQueueAndTheErpNextClient_andNothingOfTicketFn(AwsEndpoints aws) {
        Map<String, Object> settings = settings(aws);
        settings.put("threadline.helpdesk-events", "poll");
        settings.put("threadline.sqs.queue-url", "http://127.0.0.1:1/000000000000/threadline-jobs.fifo");
        settings.put("threadline.erpnext.url", "https://erp.example.com");
        settings.put("threadline.erpnext.api-key", "key");
        settings.put("threadline.erpnext.api-secret", "secret");
        try (ApplicationContext context = LambdaInit.start(settings)) {
            assertThat(context.getBean(PollHelpdesk.class)).isNotNull();
            assertThat(context.containsBean(JobQueue.class)).as("it queues the changes").isTrue();
            assertThat(context.containsBean(ApplyJobs.class)).as("ticket-fn's use case").isFalse();
            assertThat(context.containsBean(Helpdesk.class)).as("ticket-fn's ERPNext adapter").isFalse();
        }
    }

    /** What the Lambda runtime reports as the init error's cause: one line that names the variable. */
    @Test
    void withoutTableName_startUpFailsWithOneLineNamingIt(AwsEndpoints aws) {
        Map<String, Object> settings = settings(aws);
        settings.remove("threadline.dynamodb.table-name"); // application.properties maps the unset variable to blank

        Throwable root = LambdaInit.initFailure(settings);

        assertThat(root).as("start-up fails").isNotNull();
        assertThat(root).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.getMessage()).startsWith("TABLE_NAME ").doesNotContain("\n");
    }


    private static Map<String, Object> settings(AwsEndpoints aws) {
        Map<String, Object> settings = new HashMap<>(aws.micronautProperties());
        settings.put("threadline.dynamodb.table-name", "threadline-table");
        return settings;
    }
}
