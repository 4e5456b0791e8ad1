package dev.threadline.local;

import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs Threadline in one process on embedded DynamoDB Local and ElasticMQ: intake's controllers on
 * Netty at {@code http://localhost:$PORT}, and a tap that prints each job intake queued.
 *
 * <p>Usage: {@code ./threadline run [--data-dir DIR]}. Settings come from the same environment
 * variables as on Lambda; local defaults are used for the WhatsApp secret and verify token.
 */
public final class LocalRunner {

    static final String DEFAULT_APP_SECRET = "threadline-local-secret";
    static final String DEFAULT_VERIFY_TOKEN = "threadline-local-verify";

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path dataDir = dataDir(args);
        LocalStack stack = LocalStack.start(dataDir, System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "threadline-stop"));
        System.out.println(stack.summary(Duration.ofNanos(System.nanoTime() - started)));
    }

    private static Path dataDir(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir") && i + 1 < args.length) {
                Path dir = Path.of(args[i + 1]);
                Files.createDirectories(dir);
                return dir;
            }
            if (args[i].startsWith("--data-dir=")) {
                Path dir = Path.of(args[i].substring("--data-dir=".length()));
                Files.createDirectories(dir);
                return dir;
            }
            throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: ./threadline run [--data-dir DIR]");
        }
        return null;
    }

    /** The running stack; also what the end-to-end test starts in-process. */
    public static final class LocalStack implements AutoCloseable {
        private final EmbeddedAws aws;
        private final Resources resources;
        private final ApplicationContext context;
        private final QueueTap tap;
        private final int port;
        private final boolean defaultSecrets;
        private final Path dataDir;

        private LocalStack(EmbeddedAws aws, Resources resources, ApplicationContext context, QueueTap tap, int port,
                           boolean defaultSecrets, Path dataDir) {
            this.aws = aws;
            this.resources = resources;
            this.context = context;
            this.tap = tap;
            this.port = port;
            this.defaultSecrets = defaultSecrets;
            this.dataDir = dataDir;
        }

        public static LocalStack start(Path dataDir, Map<String, String> env) {
            EmbeddedAws aws = EmbeddedAws.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
            Resources resources = Provisioner.provision(aws.endpoints(), "threadline");
            int port = Integer.parseInt(env.getOrDefault("PORT", "8080"));
            boolean defaultSecrets = !env.containsKey("WHATSAPP_APP_SECRET");
            Map<String, Object> properties = new HashMap<>(aws.endpoints().micronautProperties());
            properties.put("micronaut.server.port", port);
            properties.put("micronaut.application.name", "threadline-local");
            properties.put("threadline.function", "local");
            properties.put("threadline.whatsapp.app-secret", env.getOrDefault("WHATSAPP_APP_SECRET", DEFAULT_APP_SECRET));
            properties.put("threadline.whatsapp.verify-token", env.getOrDefault("WHATSAPP_VERIFY_TOKEN", DEFAULT_VERIFY_TOKEN));
            properties.put("threadline.dynamodb.table-name", resources.tableName());
            properties.put("threadline.sqs.queue-url", resources.queueUrl());
            ApplicationContext context = Micronaut.build(new String[0]).banner(false).properties(properties).start();
            int actualPort = context.getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
            QueueTap tap = QueueTap.start(aws.endpoints(), resources.queueUrl());
            return new LocalStack(aws, resources, context, tap, actualPort, defaultSecrets, dataDir);
        }

        public String baseUrl() {
            return "http://localhost:" + port;
        }

        String summary(Duration startup) {
            StringBuilder out = new StringBuilder();
            out.append("\nThreadline local stack ready in ").append(startup.toMillis()).append(" ms\n");
            out.append("  webhook      ").append(baseUrl()).append("/webhooks/whatsapp\n");
            out.append("  DynamoDB     embedded DynamoDB Local, table ").append(resources.tableName())
                    .append(dataDir == null ? " (in memory)" : " (data in " + dataDir + ")").append('\n');
            out.append("  SQS          embedded ElasticMQ, queue ").append(resources.queueUrl()).append('\n');
            if (defaultSecrets) {
                out.append("  WhatsApp     local defaults: WHATSAPP_APP_SECRET=").append(DEFAULT_APP_SECRET)
                        .append(" WHATSAPP_VERIFY_TOKEN=").append(DEFAULT_VERIFY_TOKEN).append('\n');
            } else {
                out.append("  WhatsApp     secrets from the environment\n");
            }
            out.append("  queued jobs are printed below; Ctrl-C stops\n");
            return out.toString();
        }

        @Override
        public void close() {
            tap.close();
            context.close();
            aws.close();
        }
    }
}
