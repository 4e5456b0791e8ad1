package dev.threadline.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.adapter.judge.OfflineJudge;
import dev.threadline.application.AcceptWebhook;
import dev.threadline.application.ApplyJobs;
import dev.threadline.application.SweepIdleSessions;
import dev.threadline.application.port.DailyStats;
import dev.threadline.application.port.IssueJudge;
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
 * ticket-fn's context started as Lambda starts it: every singleton created at init
 * (eagerInitSingletons), with only the settings the template gives ticket-fn. A bean that needs
 * another function's settings (intake's queue URL) would fail here, as it would on Lambda; and the
 * other functions' beans are not created at all (config/Functions).
 */
@ExtendWith(AwsBackend.class)
class LambdaStartupIT {

    @Test
    void startsWithOnlyItsOwnSettings_everySingletonCreatedAtInit(AwsEndpoints aws) {
        try (ApplicationContext context = LambdaInit.start(settings(aws))) {
            assertThat(context.getBean(ApplyJobs.class)).isNotNull();
            // No LLM configured: SAME/NEW is the shipped offline judge, not an always-SAME fallback.
            assertThat(context.getBean(IssueJudge.class)).isInstanceOf(OfflineJudge.class);
            assertThat(context.containsBean(AcceptWebhook.class)).as("intake's use case").isFalse();
            assertThat(context.containsBean(JobQueue.class)).as("intake's queue").isFalse();
            assertThat(context.containsBean(MessageLedger.class)).as("the ledger: ticket-fn marks the jobs it applies without a session write").isTrue();
            assertThat(context.containsBean(SweepIdleSessions.class)).as("the sweeper's use case").isFalse();
            assertThat(context.containsBean(DailyStats.class)).as("the sweeper's stats reader").isFalse();
        }
    }

    /** What the Lambda runtime reports as the init error's cause: one line that names the variable. */
    @Test
    void aMissingRequiredSetting_failsStartUpWithOneLineNamingTheVariable(AwsEndpoints aws) {
        Map<String, String> required = Map.of("ERPNEXT_URL", "threadline.erpnext.url",
                "WHATSAPP_TEMPLATE_NAME", "threadline.whatsapp.send.template-name",
                "TABLE_NAME", "threadline.dynamodb.table-name", "DLQ_URL", "threadline.sqs.dead-letter-queue-url");
        required.forEach((variable, property) -> {
            Map<String, Object> settings = settings(aws);
            settings.remove(property); // application.properties maps the unset variable to blank

            Throwable root = LambdaInit.initFailure(settings);

            assertThat(root).as("start-up without %s fails", variable).isNotNull();
            assertThat(root).as(variable).isInstanceOf(IllegalArgumentException.class);
            assertThat(root.getMessage()).as(variable).startsWith(variable + " ").doesNotContain("\n");
        });
    }


    /** Only what the template sets for ticket-fn (the credentials come from the secret on Lambda). */
    private static Map<String, Object> settings(AwsEndpoints aws) {
        Map<String, Object> settings = new HashMap<>(aws.micronautProperties());
        settings.put("threadline.dynamodb.table-name", "threadline-table");
        settings.put("threadline.sqs.dead-letter-queue-url", "http://127.0.0.1:1/000000000000/threadline-dlq.fifo");
        settings.put("threadline.erpnext.url", "https://erp.example.com");
        settings.put("threadline.erpnext.api-key", "key");
        settings.put("threadline.erpnext.api-secret", "secret");
        settings.put("threadline.llm.base-url", "");
        settings.put("threadline.whatsapp.send.access-token", "token");
        settings.put("threadline.whatsapp.send.template-name", "ticket_update");
        return settings;
    }
}
