package dev.threadline.local;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Threadline's local commands ({@code ./threadline <command>}):
 * <pre>
 *   run [--data-dir DIR] [--setup-erpnext]   the whole stack in one process (default); --data-dir keeps
 *                                   tables and queues across restarts, --setup-erpnext runs setup-erpnext
 *                                   against a real ERPNext first (the embedded emulator is always set up)
 *   demo                            replay a conversation set against a running stack, print the results
 *   session &lt;customer key&gt;          a customer's session, ticket history and decision audit
 *   dlq [redrive]                   list the dead-letter queue, or move it back to the jobs queue
 *   setup-erpnext [--create-issue-types Type,...] [--rotate-webhook-secret]   prepare a real ERPNext site
 *                                   (custom fields, checks, Threadline's Webhooks; a new webhook secret)
 *   judge-eval FILE.jsonl [--judge offline|llm|cascade|all] [--out PRED.jsonl]   score a SAME/NEW judge
 *   judge-eval --from-audit         re-judge the running stack's recent decisions
 *   judge-train [DEV.jsonl]         rebuild the offline judge's model from the labelled dev split
 * </pre>
 * Every command reads the same environment variables as the Lambda functions (see README).
 */
public final class LocalRunner {

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String command = args.length == 0 ? "run" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int exit = switch (command) {
            case "run" -> run(rest, env);
            case "demo" -> demo(env);
            case "session" -> ops(env, "/ops/customers/" + URLEncoder.encode(single(rest, "session <customer key>"), StandardCharsets.UTF_8), "GET");
            case "dlq" -> rest.isEmpty() ? ops(env, "/ops/dlq", "GET")
                    : rest.equals(List.of("redrive")) ? ops(env, "/ops/dlq/redrive", "POST") : usage("dlq [redrive]");
            case "setup-erpnext" -> setupErpNext(rest, env);
            case "judge-eval" -> JudgeCommands.evaluate(rest, env, stackUrl(env));
            case "judge-train" -> JudgeCommands.train(rest, env);
            default -> usage("run [--data-dir DIR] [--setup-erpnext] | demo | session <key> | dlq [redrive] | setup-erpnext"
                    + " | judge-eval FILE.jsonl|--from-audit [--judge NAME] [--out FILE] | judge-train");
        };
        if (exit != 0 || !command.equals("run")) {
            System.exit(exit);
        }
    }

    private static int run(List<String> args, Map<String, String> env) {
        Path dataDir = null;
        boolean setupErpNext = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--data-dir") && i + 1 < args.size() && dataDir == null) {
                dataDir = Path.of(args.get(++i));
            } else if (args.get(i).equals("--setup-erpnext")) {
                setupErpNext = true;
            } else {
                return usage("run [--data-dir DIR] [--setup-erpnext]");
            }
        }
        long started = System.nanoTime();
        Stack stack;
        try {
            stack = Stack.start(dataDir, env, setupErpNext);
        } catch (RuntimeException e) {
            System.err.println("threadline run: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "threadline-stop"));
        System.out.println(stack.summary(Duration.ofNanos(System.nanoTime() - started)));
        return 0;
    }

    private static int demo(Map<String, String> env) throws Exception {
        boolean realErpNext = env.get("ERPNEXT_URL") != null && !env.get("ERPNEXT_URL").isBlank();
        new Demo(stackUrl(env),
                realErpNext ? env.get("ERPNEXT_URL") : "http://localhost:" + env.getOrDefault("ERPNEXT_EMULATOR_PORT", "8000"),
                realErpNext ? env.get("ERPNEXT_API_KEY") : "threadline-key",
                realErpNext ? env.get("ERPNEXT_API_SECRET") : "threadline-secret",
                env.getOrDefault("WHATSAPP_APP_SECRET", Stack.DEFAULT_APP_SECRET), System.out).run();
        return 0;
    }

    private static int ops(Map<String, String> env, String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stackUrl(env) + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("no local stack at " + stackUrl(env) + " (start it with ./threadline run)");
            return 1;
        }
        System.out.println(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private static int setupErpNext(List<String> args, Map<String, String> env) {
        String usage = "setup-erpnext [--create-issue-types Type1,Type2] [--rotate-webhook-secret]";
        List<String> issueTypes = List.of();
        boolean rotate = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--create-issue-types") && i + 1 < args.size()) {
                issueTypes = List.of(args.get(++i).split(","));
            } else if (args.get(i).equals("--rotate-webhook-secret")) {
                rotate = true;
            } else {
                return usage(usage);
            }
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.erpnext.url", env.getOrDefault("ERPNEXT_URL", ""));
        properties.put("threadline.erpnext.api-key", env.getOrDefault("ERPNEXT_API_KEY", ""));
        properties.put("threadline.erpnext.api-secret", env.getOrDefault("ERPNEXT_API_SECRET", ""));
        properties.put("threadline.public-url", env.getOrDefault("THREADLINE_PUBLIC_URL", ""));
        properties.put("threadline.erpnext.webhook.secret", env.getOrDefault("FRAPPE_WEBHOOK_SECRET", ""));
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            ErpNextSetup.Report report = context.getBean(ErpNextSetup.class)
                    .run(!issueTypes.isEmpty(), issueTypes, rotate, System.out);
            return report.ok() ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("setup-erpnext: " + e.getMessage());
            return 1;
        }
    }

    private static String stackUrl(Map<String, String> env) {
        return env.getOrDefault("THREADLINE_URL", "http://localhost:" + env.getOrDefault("PORT", "8080"));
    }

    private static String single(List<String> args, String usage) {
        if (args.size() != 1) {
            usage(usage);
            System.exit(2);
        }
        return args.get(0);
    }

    private static int usage(String usage) {
        System.err.println("usage: ./threadline " + usage);
        return 2;
    }
}
