package dev.threadline.local;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import dev.threadline.application.ReplyPolicy;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import dev.threadline.embedded.QueueTimings;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.sweeper.SweeperHandler;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
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
    static final String DEFAULT_FRAPPE_SECRET = "threadline-local-frappe-secret";
    /** The emulated WhatsApp's token and its one approved template (one body parameter: the ticket). */
    static final String LOCAL_GRAPH_TOKEN = "threadline-local-graph-token";
    static final String LOCAL_TEMPLATE = "ticket_update";

    final Map<String, String> env;
    final Path dataDir;
    final QueueTimings timings;
    private final Clock clock;
    private final List<AutoCloseable> started = new ArrayList<>();
    private EmbeddedAws aws;
    Resources resources;
    ErpNextFake erpnextEmulator;
    OpenAiFake llmEmulator;
    WhatsAppCloudFake whatsappEmulator;
    private int port;
    ApplicationContext context;
    SqsClient sqs;
    int resent;
    String erpnextSetup = "not run (start with --setup-erpnext to run it)";
    TicketPollers pollers;

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
        port = LocalPorts.resolve(Integer.parseInt(env.getOrDefault("PORT", "8080")));
        if (!isSet("WHATSAPP_GRAPH_URL")) {
            whatsappEmulator = track(WhatsAppCloudFake.builder().accessToken(LOCAL_GRAPH_TOKEN)
                    .appSecret(env.getOrDefault("WHATSAPP_APP_SECRET", DEFAULT_APP_SECRET))
                    .webhookUrl(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
                    .approvedTemplate(LOCAL_TEMPLATE, "en", 1).clock(clock)
                    .port(Integer.parseInt(env.getOrDefault("WHATSAPP_EMULATOR_PORT", "8001"))).start());
            DemoMedia.register(whatsappEmulator.media());
        }
        if (!isSet("ERPNEXT_URL")) {
            erpnextEmulator = track(ErpNextFake.start(ErpNextOptions.defaults()
                    .withPort(Integer.parseInt(env.getOrDefault("ERPNEXT_EMULATOR_PORT", "8000")))
                    .withReplyMarker(env.getOrDefault("REPLY_MARKER", ReplyPolicy.DEFAULT_MARKER)),
                    dataDir == null ? null : dataDir.resolve("erpnext-emulator.json")));
        }
        if (!isSet("LLM_BASE_URL")) {
            llmEmulator = track(OpenAiFake.start());
        }
        Object[] singletons = whatsappEmulator == null ? new Object[] {clock} : new Object[] {clock, whatsappEmulator};
        context = track(Micronaut.build(new String[0]).banner(false).properties(properties()).singletons(singletons).start());
        if (erpnextEmulator != null || setupErpNext) {
            setUpErpNext();
        }
        pollers = track(TicketPollers.start(Integer.parseInt(env.getOrDefault("LOCAL_POLLERS", "4")), sqs,
                resources.queueUrl(), new TicketHandler(context)));
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
        p.put("micronaut.server.port", port);
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
        if (whatsappEmulator != null) {
            p.put("threadline.whatsapp.send.graph-url", whatsappEmulator.baseUrl());
            p.put("threadline.whatsapp.send.access-token", LOCAL_GRAPH_TOKEN);
            p.put("threadline.whatsapp.send.template-name", LOCAL_TEMPLATE);
            p.put("threadline.whatsapp.send.template-params", "ticket");
        }
        p.put("threadline.erpnext.webhook.secret", env.getOrDefault("FRAPPE_WEBHOOK_SECRET", DEFAULT_FRAPPE_SECRET));
        if (erpnextEmulator != null) {
            // The emulator fires Frappe's webhooks at this stack, so the ticket's status comes from them.
            p.put("threadline.public-url", "http://127.0.0.1:" + port);
            p.put("threadline.helpdesk-events", env.getOrDefault("HELPDESK_EVENTS", "webhooks"));
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

    /** The emulated WhatsApp Cloud API, or {@code null} when WHATSAPP_GRAPH_URL points at a real one. */
    public WhatsAppCloudFake whatsappEmulator() {
        return whatsappEmulator;
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
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
