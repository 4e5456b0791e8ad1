package dev.threadline.bench;

import dev.threadline.application.port.Outbox;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.OutboundReply;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.local.Stack;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack exactly as {@code ./threadline run} starts it (in memory, the deployed queue timings,
 * the embedded ERPNext and WhatsApp emulators), with what {@link ReplyLoop} observes of it: the
 * emulators' logs, the functions' SDK calls ({@link SdkCalls}), and "nothing left to do".
 */
final class LoopStack implements AutoCloseable {

    static final String BUSINESS = "109876543210987";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String[] QUEUE_DEPTH = {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"};

    final String mode;
    final Stack stack;
    final ErpNextFake erpnext;
    final WhatsAppCloudFake whatsapp;
    final SessionStore sessions;
    private final Outbox outbox;
    private final SqsClient sqs;
    private final String queueUrl;

    /** {@code helpdeskEvents}: {@code none} (GET Issue before each SAME) or {@code webhooks} (status from events). */
    LoopStack(String helpdeskEvents) {
        System.setProperty(SdkCalls.ENABLED, "true");
        SdkCalls.ignoreCurrentThread();
        this.mode = helpdeskEvents;
        this.stack = Stack.start(null, Map.of("PORT", "0", "ERPNEXT_EMULATOR_PORT", "0", "WHATSAPP_EMULATOR_PORT", "0",
                "SWEEP_INTERVAL", "PT1H", "HELPDESK_EVENTS", helpdeskEvents), false);
        this.erpnext = stack.erpnextEmulator();
        this.whatsapp = stack.whatsappEmulator();
        this.sessions = stack.context().getBean(SessionStore.class);
        this.outbox = stack.context().getBean(Outbox.class);
        this.sqs = stack.context().getBean(SqsClient.class);
        this.queueUrl = stack.context().getRequiredProperty("threadline.sqs.queue-url", String.class);
    }

    static CustomerKey customer(String waId) {
        return new CustomerKey(BUSINESS, waId);
    }

    /** The outbox entry ticket-fn made of the agent's Comment, keyed as FollowHelpdesk keys it. */
    OutboundReply reply(CustomerKey customer, String commentName) {
        return outbox.find(customer, new MessageRef("erpnext", "Comment/" + commentName).digest().substring(0, 32));
    }

    /**
     * Waits until everything the last action set off has run: WhatsApp's status webhooks posted, Frappe's
     * webhooks delivered (intake has queued them), and the jobs queue empty with nothing in flight.
     */
    void awaitQuiet() {
        whatsapp.awaitCallbacks(DEADLINE);
        try {
            if (!erpnext.webhooks().awaitIdle(DEADLINE)) {
                throw new IllegalStateException("ERPNext's webhooks still running after " + DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await("an empty jobs queue", () -> queueDepth() == 0);
    }

    private long queueDepth() {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(QUEUE_DEPTH))
                .attributesAsStrings();
        return Long.parseLong(a.get(QUEUE_DEPTH[0])) + Long.parseLong(a.get(QUEUE_DEPTH[1]));
    }

    /** Polls every millisecond until {@code done}, or fails at the deadline. */
    static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** The calls counted so far: ERPNext routes, the functions' SDK calls, webhooks both ways, sends. */
    Tally tally() {
        Map<String, Long> calls = new TreeMap<>();
        erpnext.routeCounts().forEach((route, n) -> calls.put("ERPNext " + route, (long) n));
        calls.putAll(SdkCalls.snapshot());
        calls.put("Graph API send requests", (long) whatsapp.attempts().size());
        calls.put("webhooks: Frappe deliveries", (long) erpnext.webhooks().log().size());
        calls.put("webhooks: Meta status callbacks", (long) whatsapp.statusCallbacks().size());
        return new Tally(calls);
    }

    @Override
    public void close() {
        stack.close();
    }
}
