package dev.threadline.ticket;

import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import java.util.HashMap;
import java.util.Map;

/** ticket-fn's settings for an IT: the provisioned table and queues, an ERPNext fake, fast retries. */
public final class TicketFnSettings {

    private TicketFnSettings() {}

    /** A mutable map: each IT adds what it varies (the LLM, the test beans). */
    public static Map<String, Object> of(AwsEndpoints aws, Provisioner.Resources resources, ErpNextFake erpnext) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties());
        // The ITs queue jobs as intake would (JobQueue), so the context is the whole system, as locally.
        properties.put("threadline.function", "local");
        properties.put("threadline.dynamodb.table-name", resources.tableName());
        properties.put("threadline.sqs.queue-url", resources.queueUrl());
        properties.put("threadline.sqs.dead-letter-queue-url", resources.deadLetterQueueUrl());
        properties.put("threadline.erpnext.url", erpnext.baseUrl());
        properties.put("threadline.erpnext.api-key", erpnext.options().apiKey());
        properties.put("threadline.erpnext.api-secret", erpnext.options().apiSecret());
        properties.put("threadline.erpnext.timeout", "500ms");
        properties.put("threadline.erpnext.retry-base-delay", "10ms");
        properties.put("threadline.erpnext.retry-max-delay", "50ms");
        // Replies are not what these ITs send; the port must still be configured, as on Lambda.
        properties.put("threadline.whatsapp.send.graph-url", "http://127.0.0.1:9");
        properties.put("threadline.whatsapp.send.access-token", "token");
        properties.put("threadline.whatsapp.send.template-name", "ticket_update");
        return properties;
    }
}
