package dev.threadline.local;

import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import dev.threadline.embedded.erpnext.ErpNextFake;
import dev.threadline.embedded.llm.OpenAiFake;
import dev.threadline.sweeper.SweeperHandler;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole of Threadline in one process: intake's controllers on Netty, ticket-fn driven from the
 * FIFO queue with Lambda's SQS semantics, the sweeper on its schedule, all on embedded DynamoDB Local
 * and ElasticMQ. ERPNext and the LLM are the real ones when configured, embedded emulators otherwise.
 */
public final class Stack implements AutoCloseable {

    static final String DEFAULT_APP_SECRET = "threadline-local-secret";
    static final String DEFAULT_VERIFY_TOKEN = "threadline-local-verify";
    /** Shorter than on AWS (180 s), so a failed job comes back quickly on a laptop. */
    static final int LOCAL_VISIBILITY_TIMEOUT_SECONDS = 20;

    private final EmbeddedAws aws;
    private final ErpNextFake erpnextEmulator;
    private final OpenAiFake llmEmulator;
    private final ApplicationContext context;
    private final List<Thread> pollers = new ArrayList<>();
    private final ScheduledExecutorService sweeper;
    private final SqsClient sqs;
    private final Resources resources;
    private final Map<String, String> env;
    private final Path dataDir;
    private volatile boolean running = true;

    private Stack(Path dataDir, Map<String, String> env) {
        this.env = env;
        this.dataDir = dataDir;
        this.aws = EmbeddedAws.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
        this.resources = Provisioner.provision(aws.endpoints(), "threadline", LOCAL_VISIBILITY_TIMEOUT_SECONDS);
        this.erpnextEmulator = isSet("ERPNEXT_URL") ? null : ErpNextFake.start(ErpNextFake.Options.defaults()
                .withThreadlineFields()
                .withPort(Integer.parseInt(env.getOrDefault("ERPNEXT_EMULATOR_PORT", "8000"))));
        this.llmEmulator = isSet("LLM_BASE_URL") ? null : OpenAiFake.start();
        this.context = Micronaut.build(new String[0]).banner(false).properties(properties()).start();
        this.sqs = aws.endpoints().sqsClient();
        TicketHandler ticketHandler = new TicketHandler(context);
        int pollerCount = Integer.parseInt(env.getOrDefault("LOCAL_POLLERS", "4"));
        for (int i = 0; i < pollerCount; i++) {
            LambdaSqsPoller poller = new LambdaSqsPoller(sqs, resources.queueUrl(),
                    event -> ticketHandler.handleRequest(event, null), false);
            pollers.add(Thread.ofPlatform().daemon().name("ticket-poller-" + i).start(() -> poll(poller)));
        }
        SweeperHandler sweeperHandler = new SweeperHandler(context);
        Duration every = Duration.parse(env.getOrDefault("SWEEP_INTERVAL", "PT5M"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("sweeper").unstarted(r));
        sweeper.scheduleAtFixedRate(() -> sweepOnce(sweeperHandler), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Stack start(Path dataDir, Map<String, String> env) {
        return new Stack(dataDir, env);
    }

    private boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>(aws.endpoints().micronautProperties());
        p.put("micronaut.server.port", Integer.parseInt(env.getOrDefault("PORT", "8080")));
        p.put("micronaut.application.name", "threadline-local");
        p.put("threadline.function", "local");
        p.put("threadline.local", "true");
        p.put("threadline.whatsapp.app-secret", env.getOrDefault("WHATSAPP_APP_SECRET", DEFAULT_APP_SECRET));
        p.put("threadline.whatsapp.verify-token", env.getOrDefault("WHATSAPP_VERIFY_TOKEN", DEFAULT_VERIFY_TOKEN));
        p.put("threadline.dynamodb.table-name", resources.tableName());
        p.put("threadline.sqs.queue-url", resources.queueUrl());
        p.put("threadline.sqs.dead-letter-queue-url", resources.deadLetterQueueUrl());
        p.put("threadline.session-timeout", env.getOrDefault("SESSION_TIMEOUT", "PT24H"));
        p.put("threadline.llm.min-confidence", env.getOrDefault("LLM_MIN_CONFIDENCE", "0.6"));
        p.put("threadline.mattermost.webhook-url", env.getOrDefault("MATTERMOST_WEBHOOK_URL", ""));
        if (erpnextEmulator == null) {
            p.put("threadline.erpnext.url", env.get("ERPNEXT_URL"));
            p.put("threadline.erpnext.api-key", env.getOrDefault("ERPNEXT_API_KEY", ""));
            p.put("threadline.erpnext.api-secret", env.getOrDefault("ERPNEXT_API_SECRET", ""));
        } else {
            p.put("threadline.erpnext.url", erpnextEmulator.baseUrl());
            p.put("threadline.erpnext.api-key", erpnextEmulator.options().apiKey());
            p.put("threadline.erpnext.api-secret", erpnextEmulator.options().apiSecret());
        }
        if (llmEmulator == null) {
            p.put("threadline.llm.base-url", env.get("LLM_BASE_URL"));
            p.put("threadline.llm.model", env.getOrDefault("LLM_MODEL", ""));
            p.put("threadline.llm.api-key", env.getOrDefault("LLM_API_KEY", ""));
        } else {
            p.put("threadline.llm.base-url", llmEmulator.baseUrl() + "/v1");
            p.put("threadline.llm.model", "offline-rules");
        }
        return p;
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

    private void sweepOnce(SweeperHandler handler) {
        try {
            handler.handleRequest(null, null);
        } catch (RuntimeException e) {
            System.err.println("sweeper: " + e.getClass().getSimpleName() + ": " + e.getMessage());
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
        StringBuilder out = new StringBuilder();
        out.append("\nThreadline local stack ready in ").append(startup.toMillis()).append(" ms\n");
        out.append("  webhook     ").append(baseUrl()).append("/webhooks/whatsapp   (health: ").append(baseUrl()).append("/health)\n");
        out.append("  DynamoDB    embedded DynamoDB Local, table ").append(resources.tableName())
                .append(dataDir == null ? ", in memory" : ", data in " + dataDir).append('\n');
        out.append("  SQS         embedded ElasticMQ, FIFO queue + dead-letter queue; ").append(pollers.size())
                .append(" ticket pollers, sweeper every ").append(env.getOrDefault("SWEEP_INTERVAL", "PT5M")).append('\n');
        out.append("  ERPNext     ").append(erpnextEmulator != null
                ? "embedded emulator, issues at " + erpnextEmulator.baseUrl() + "/"
                : "REAL site " + env.get("ERPNEXT_URL")).append('\n');
        out.append("  LLM         ").append(llmEmulator != null
                ? "offline rules (no network, no key): keywords for type and priority, word overlap for SAME/NEW"
                : "REAL OpenAI-compatible server " + env.get("LLM_BASE_URL") + ", model " + env.getOrDefault("LLM_MODEL", "?"))
                .append('\n');
        out.append("  Mattermost  ").append(isSet("MATTERMOST_WEBHOOK_URL") ? "REAL incoming webhook" : "off (notices are logged)")
                .append('\n');
        out.append("  WhatsApp    ").append(isSet("WHATSAPP_APP_SECRET") ? "app secret from the environment"
                : "local app secret '" + DEFAULT_APP_SECRET + "', verify token '" + DEFAULT_VERIFY_TOKEN + "'").append('\n');
        out.append("  try         ./threadline demo      (Ctrl-C stops the stack)\n");
        return out.toString();
    }

    @Override
    public void close() {
        running = false;
        sweeper.shutdownNow();
        for (Thread poller : pollers) {
            try {
                poller.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        context.close();
        sqs.close();
        if (erpnextEmulator != null) {
            erpnextEmulator.close();
        }
        if (llmEmulator != null) {
            llmEmulator.close();
        }
        aws.close();
    }
}
