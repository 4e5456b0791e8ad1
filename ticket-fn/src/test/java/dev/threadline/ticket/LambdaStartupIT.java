package dev.threadline.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.adapter.judge.OfflineJudge;
import dev.threadline.application.ApplyJobs;
import dev.threadline.application.port.IssueJudge;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ticket-fn's context started as Lambda starts it: every singleton created at init
 * (eagerInitSingletons), with only the settings the template gives ticket-fn. A bean that needs
 * another function's settings (intake's queue URL) would fail here, as it would on Lambda.
 */
@ExtendWith(AwsBackend.class)
class LambdaStartupIT {

    @Test
    void startsWithOnlyItsOwnSettings_everySingletonCreatedAtInit(AwsEndpoints aws) {
        Map<String, Object> settings = new HashMap<>(aws.micronautProperties());
        settings.put("threadline.dynamodb.table-name", "threadline-table");
        settings.put("threadline.sqs.dead-letter-queue-url", "http://127.0.0.1:1/000000000000/threadline-dlq.fifo");
        settings.put("threadline.erpnext.url", "https://erp.example.com");
        settings.put("threadline.erpnext.api-key", "key");
        settings.put("threadline.erpnext.api-secret", "secret");
        settings.put("threadline.llm.base-url", "");
        settings.put("threadline.whatsapp.send.access-token", "token");
        settings.put("threadline.whatsapp.send.template-name", "ticket_update");

        try (ApplicationContext context = ApplicationContext.builder().eagerInitSingletons(true)
                .properties(settings).start()) {
            assertThat(context.getBean(ApplyJobs.class)).isNotNull();
            // No LLM configured: SAME/NEW is the shipped offline judge, not an always-SAME fallback.
            assertThat(context.getBean(IssueJudge.class)).isInstanceOf(OfflineJudge.class);
        }
    }
}
