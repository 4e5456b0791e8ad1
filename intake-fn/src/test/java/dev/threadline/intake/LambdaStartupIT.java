package dev.threadline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.AcceptWebhook;
import dev.threadline.application.ApplyJobs;
import dev.threadline.application.SweepIdleSessions;
import dev.threadline.application.port.DeadLetters;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaInit;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * intake-fn's context started as Lambda starts it: every singleton created at init, with only the
 * settings the template gives intake-fn. The ticket and sweeper beans are not created (config/Functions).
 */
@ExtendWith(AwsBackend.class)
class LambdaStartupIT {

    @Test
    void startsWithOnlyItsOwnSettings_everySingletonCreatedAtInit(AwsEndpoints aws) {
        try (ApplicationContext context = LambdaInit.start(settings(aws))) {
            assertThat(context.getBean(AcceptWebhook.class)).isNotNull();
            assertThat(context.containsBean(ApplyJobs.class)).as("ticket-fn's use case").isFalse();
            assertThat(context.containsBean(Helpdesk.class)).as("ticket-fn's ERPNext adapter").isFalse();
            assertThat(context.containsBean(DeadLetters.class)).as("ticket-fn's dead-letter queue").isFalse();
            assertThat(context.containsBean(SweepIdleSessions.class)).as("the sweeper's use case").isFalse();
        }
    }

    /** What the Lambda runtime reports as the init error's cause: one line that names the variable. */
    @Test
    void aMissingRequiredSetting_failsStartUpWithOneLineNamingTheVariable(AwsEndpoints aws) {
        Map<String, String> required = Map.of("TABLE_NAME", "threadline.dynamodb.table-name",
                "QUEUE_URL", "threadline.sqs.queue-url");
        required.forEach((variable, property) -> {
            Map<String, Object> settings = settings(aws);
            settings.remove(property); // application.properties maps the unset variable to blank

            Throwable root = LambdaInit.initFailure(settings);

            assertThat(root).as("start-up without %s fails", variable).isNotNull();
            assertThat(root).as(variable).isInstanceOf(IllegalArgumentException.class);
            assertThat(root.getMessage()).as(variable).startsWith(variable + " ").doesNotContain("\n");
        });
    }

    @Test
    void businessNumbersThatAreNotPhoneNumberIds_failStartUpWithOneLineNamingTheVariable(AwsEndpoints aws) {
        Map<String, Object> settings = settings(aws);
        settings.put("threadline.whatsapp.phone-number-ids", "109876543210987,+4930123456789");

        Throwable root = LambdaInit.initFailure(settings);

        assertThat(root).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.getMessage()).startsWith("WHATSAPP_PHONE_NUMBER_IDS ").doesNotContain("\n")
                .as("a phone number typed by mistake is not logged").doesNotContain("4930123456789");
    }

    /** Only what the template sets for intake-fn (the credentials come from the secret on Lambda). */
    private static Map<String, Object> settings(AwsEndpoints aws) {
        Map<String, Object> settings = new HashMap<>(aws.micronautProperties());
        settings.put("threadline.dynamodb.table-name", "threadline-table");
        settings.put("threadline.sqs.queue-url", "http://127.0.0.1:1/000000000000/threadline-jobs.fifo");
        settings.put("threadline.whatsapp.app-secret", "app-secret");
        settings.put("threadline.whatsapp.verify-token", "verify-token");
        settings.put("threadline.whatsapp.phone-number-ids", "109876543210987");
        return settings;
    }
}
