package dev.threadline.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.llm.OpenAiFake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline in one JVM: intake's handler enqueues into ElasticMQ; {@code pollers} simulated
 * Lambda instances, each its own ticket-fn context and handler behind a {@link LambdaSqsPoller} (what
 * Lambda's SQS event source does: receive up to ten, invoke, delete the successes), take it to the
 * ERPNext and OpenAI fakes.
 */
final class Pipeline implements AutoCloseable {

    final Resources resources;
    final Functions.Intake intake;
    final List<Functions.Ticket> tickets = new ArrayList<>();
    final List<LambdaSqsPoller> pollers = new ArrayList<>();
    private final SqsClient eventSource;
    final AtomicLong invocations = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong bodyBytes = new AtomicLong();
    final AtomicLong maxBodyBytes = new AtomicLong();
    final AtomicLong handlerNanos = new AtomicLong();
    /** CPU time of the threads running ticket-fn's handler, while in the handler (SDK client side included). */
    final AtomicLong handlerCpuNanos = new AtomicLong();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * @param direct the servers themselves (provisioning is not counted)
     * @param functions where the functions' SDK clients go (the servers, or counting proxies)
     * @param eventSourceSqs where the simulated SQS event source goes
     */
    Pipeline(AwsEndpoints direct, AwsEndpoints functions, AwsEndpoints eventSourceSqs, ErpNextFake erpnext, OpenAiFake llm,
             int pollerCount, String prefix) {
        resources = Provisioner.provision(direct, prefix);
        intake = Functions.intake(functions, resources);
        eventSource = eventSourceSqs.sqsClient();
        for (int i = 0; i < pollerCount; i++) {
            Functions.Ticket ticket = Functions.ticket(functions, resources, erpnext, llm);
            tickets.add(ticket);
            pollers.add(new LambdaSqsPoller(eventSource, resources.queueUrl(), event -> invoke(ticket, event)));
        }
    }

    void send(Traces.Msg m) {
        intake.sendQueued(Traffic.webhook(m.customer(), m.wamid(), m.sentAt(), m.text()));
    }

    /** Polls with the first poller until a receive comes back empty; returns the batches handled. */
    int drain() {
        int batches = 0;
        while (pollers.get(0).pollOnce(1) > 0) {
            batches++;
        }
        return batches;
    }

    /** Messages the handler has finished with (received minus reported failures). */
    long processed() {
        return records.get() - failures.get();
    }

    private SQSBatchResponse invoke(Functions.Ticket ticket, SQSEvent event) {
        invocations.incrementAndGet();
        records.addAndGet(event.getRecords().size());
        event.getRecords().forEach(r -> {
            int bytes = r.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            bodyBytes.addAndGet(bytes);
            maxBodyBytes.accumulateAndGet(bytes, Math::max);
        });
        long started = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        SQSBatchResponse response = ticket.apply(event);
        handlerCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
        handlerNanos.addAndGet(System.nanoTime() - started);
        failures.addAndGet(response.getBatchItemFailures() == null ? 0 : response.getBatchItemFailures().size());
        return response;
    }

    @Override
    public void close() {
        tickets.forEach(Functions.Ticket::close);
        intake.close();
        eventSource.close();
    }
}
