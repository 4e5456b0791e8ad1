package dev.threadline.local;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import dev.threadline.embedded.QueueTimings;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.sweeper.SweeperHandler;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole of Threadline in one process: intake's controllers on Netty, ticket-fn driven from the
 * FIFO queue with Lambda's SQS semantics and the deployed queue timings, the sweeper on its schedule,
 * all on embedded DynamoDB Local and ElasticMQ. ERPNext and the LLM are the real ones when configured,
 * embedded emulators otherwise.
 */
public final class Stack implements AutoCloseable {

    static final String DEFAULT_APP_SECRET = "threadline-local-secret";
    static final String DEFAULT_VERIFY_TOKEN = "threadline-local-verify";

    final Map<String, String> env;
    final Path dataDir;
    final QueueTimings timings;
    private final Clock clock;
    private final List<AutoCloseable> started = new ArrayList<>();
    final List<Thread> pollers = new ArrayList<>();
    private EmbeddedAws aws;
    Resources resources;
    ErpNextFake erpnextEmulator;
    OpenAiFake llmEmulator;
    ApplicationContext context;
    SqsClient sqs;
    int resent;
    String erpnextSetup = "not run (start with --setup-erpnext to run it)";
    private volatile boolean running = true;

    private Stack(Path dataDir, Map<String, String> env, QueueTimings timings, Clock clock) {
        this.env = env;
        this.dataDir = dataDir;
        this.timings = timings;
        this.clock = clock;
    }

    /**
     * Starts the stack; ERPNext's setup runs against the embedded emulator always, against a real site
     * only when {@code setupErpNext}. A setup that fails stops the start: without the unique idempotency
     * field, a retried create could open a ticket twice.
     */
    public static Stack start(Path dataDir, Map<String, String> env, boolean setupErpNext) {
        return start(dataDir, env, setupErpNext, QueueTimings.DEPLOYED, Clock.systemUTC());
    }

    /** With the timings and the clock chosen (tests). */
    static Stack start(Path dataDir, Map<String, String> env, boolean setupErpNext, QueueTimings timings, Clock clock) {
        Stack stack = new Stack(dataDir, env, timings, clock);
        try {
            stack.run(setupErpNext);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void run(boolean setupErpNext) {
        aws = track(EmbeddedAws.start(dataDir));
        resources = Provisioner.provision(aws.endpoints(), "threadline", timings);
        resent = aws.resendStoredMessages(); // before intake accepts anything, so each customer's order holds
        sqs = track(aws.endpoints().sqsClient());
        if (!isSet("ERPNEXT_URL")) {
            erpnextEmulator = track(ErpNextFake.start(ErpNextFake.Options.defaults()
                    .withPort(Integer.parseInt(env.getOrDefault("ERPNEXT_EMULATOR_PORT", "8000"))),
                    dataDir == null ? null : dataDir.resolve("erpnext-emulator.json")));
        }
        if (!isSet("LLM_BASE_URL")) {
            llmEmulator = track(OpenAiFake.start());
        }
        context = track(Micronaut.build(new String[0]).banner(false).properties(properties()).singletons(clock).start());
        if (erpnextEmulator != null || setupErpNext) {
            setUpErpNext();
        }
        TicketHandler ticketHandler = new TicketHandler(context);
        int pollerCount = Integer.parseInt(env.getOrDefault("LOCAL_POLLERS", "4"));
        for (int i = 0; i < pollerCount; i++) {
            LambdaSqsPoller poller = new LambdaSqsPoller(sqs, resources.queueUrl(),
                    event -> ticketHandler.handleRequest(event, null), false);
            pollers.add(Thread.ofPlatform().daemon().name("ticket-poller-" + i).start(() -> poll(poller)));
        }
        track(new LocalSchedule(new SweeperHandler(context), sweepInterval(), clock));
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(0, resource); // closed in reverse order
        return resource;
    }

    boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    Duration sweepInterval() {
        return Duration.parse(env.getOrDefault("SWEEP_INTERVAL", "PT5M"));
    }

    /** The functions' own settings from the same variables, then what only the local stack knows. */
    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>(FunctionSettings.resolve(env));
        p.putAll(aws.endpoints().micronautProperties());
        p.put("micronaut.server.port", Integer.parseInt(env.getOrDefault("PORT", "8080")));
        p.put("micronaut.application.name", "threadline-local");
        p.put("threadline.function", "local");
        p.put("threadline.local", "true");
        p.put("threadline.pending-lease", timings.pendingLease().toString());
        p.put("threadline.whatsapp.app-secret", env.getOrDefault("WHATSAPP_APP_SECRET", DEFAULT_APP_SECRET));
        p.put("threadline.whatsapp.verify-token", env.getOrDefault("WHATSAPP_VERIFY_TOKEN", DEFAULT_VERIFY_TOKEN));
        p.put("threadline.dynamodb.table-name", resources.tableName());
        p.put("threadline.sqs.queue-url", resources.queueUrl());
        p.put("threadline.sqs.dead-letter-queue-url", resources.deadLetterQueueUrl());
        if (erpnextEmulator != null) {
            p.put("threadline.erpnext.url", erpnextEmulator.baseUrl());
            p.put("threadline.erpnext.api-key", erpnextEmulator.options().apiKey());
            p.put("threadline.erpnext.api-secret", erpnextEmulator.options().apiSecret());
        }
        if (llmEmulator != null) {
            // The stand-in only classifies (keyword rules); SAME/NEW is the shipped offline judge, as on
            // Lambda without an LLM.
            p.put("threadline.llm.base-url", llmEmulator.baseUrl() + "/v1");
            p.put("threadline.llm.model", "offline-rules");
            if (!isSet("JUDGE_MODE")) {
                p.put("threadline.judge.mode", "offline");
            }
        }
        return p;
    }

    /** The same code as {@code ./threadline setup-erpnext}; its report goes into the startup summary. */
    private void setUpErpNext() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ErpNextSetup.Report report = context.getBean(ErpNextSetup.class)
                .run(false, List.of(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        if (!report.ok()) {
            throw new IllegalStateException("ERPNext setup failed, not starting:\n" + printed.toString(StandardCharsets.UTF_8));
        }
        erpnextSetup = "custom fields ready (" + report.fieldsCreated().size() + " created, "
                + report.fieldsPresent().size() + " present)";
    }

    private void poll(LambdaSqsPoller poller) {
        while (running) {
            try {
                poller.pollOnce(1);
            } catch (RuntimeException e) {
                if (running) {
                    System.err.println("ticket poller: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    public String baseUrl() {
        return "http://localhost:" + context.getBean(EmbeddedServer.class).getPort();
    }

    /** The ERPNext the stack writes to: the emulator's URL, or the configured real site. */
    public String erpnextUrl() {
        return erpnextEmulator != null ? erpnextEmulator.baseUrl() : env.get("ERPNEXT_URL");
    }

    public ErpNextFake erpnextEmulator() {
        return erpnextEmulator;
    }

    public ApplicationContext context() {
        return context;
    }

    Resources resources() {
        return resources;
    }

    SqsClient sqs() {
        return sqs;
    }

    /** One short summary of what runs where. */
    String summary(Duration startup) {
        return StackSummary.render(this, startup);
    }

    @Override
    public void close() {
        running = false;
        for (Thread poller : pollers) {
            try {
                poller.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
