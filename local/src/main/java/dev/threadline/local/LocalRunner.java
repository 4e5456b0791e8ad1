package dev.threadline.local;

import dev.threadline.adapter.erpnext.ErpNextSetup;
import io.micronaut.context.ApplicationContext;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Threadline's local commands ({@code ./threadline <command>}):
 * <pre>
 *   run [--data-dir DIR] [--setup-erpnext] [--verbose]   the whole stack in one process (default); --data-dir
 *                                   keeps tables and queues across restarts, --setup-erpnext runs setup-erpnext
 *                                   against a real ERPNext first (the embedded emulator is always set up);
 *                                   logs go to .threadline/run.log unless --verbose
 *   demo                            replay a conversation set against a running stack, print the results
 *   session [--json] &lt;customer key&gt;   a customer's session, ticket history and decision audit
 *   stats [--days N] [--json]       tickets per day, decisions by kind and stage, triage, open sessions, DLQ
 *   dlq [--json] [redrive]          list the dead-letter queue (a table; --json raw), or move it back to the jobs queue
 *   setup-erpnext [--create-issue-types Type,...] [--rotate-webhook-secret]   prepare a real ERPNext site
 *                                   (custom fields, checks, Threadline's Webhooks; a new webhook secret)
 *   judge-eval FILE.jsonl [--judge offline|llm|cascade|all] [--out PRED.jsonl]   score a SAME/NEW judge
 *   judge-eval --from-audit         re-judge the running stack's recent decisions
 *   judge-train [DEV.jsonl]         rebuild the offline judge's model from the labelled dev split
 * </pre>
 * Every command reads the same environment variables as the Lambda functions (see README). Every
 * failure is one sentence on stderr and a non-zero exit code.
 */
public final class LocalRunner {

    /** Where {@code run} writes its logs unless {@code --verbose}; relative to the checkout (the script cds there). */
    static final String RUN_LOG = ".threadline/run.log";

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String command = args.length == 0 ? "run" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        OpsCommands ops = new OpsCommands(stackUrl(env), System.out, System.err);
        int exit = switch (command) {
            case "run" -> run(rest, env);
            case "demo" -> demo(env);
            case "session" -> ops.session(rest);
            case "stats" -> ops.stats(rest);
            case "dlq" -> ops.dlq(rest);
            case "cases" -> new CaseCommands(ops, System.out, System.err).cases(rest);
            case "reindex" -> new CaseCommands(ops, System.out, System.err).reindex(rest);
            case "setup-erpnext" -> setupErpNext(rest, env);
            case "judge-eval" -> JudgeCommands.evaluate(rest, env, stackUrl(env));
            case "judge-train" -> JudgeCommands.train(rest, env);
            default -> usage("run [--data-dir DIR] [--setup-erpnext] [--verbose] | demo | session [--json] <key>"
                    + " | stats [--days N] [--json] | dlq [--json] [redrive] | cases [--search TEXT] | reindex [--all] | setup-erpnext"
                    + " | judge-eval FILE.jsonl|--from-audit [--judge NAME] [--out FILE] | judge-train");
        };
        if (exit != 0 || !command.equals("run")) {
            System.exit(exit);
        }
    }

    private static int run(List<String> args, Map<String, String> env) throws IOException {
        Path dataDir = null;
        boolean setupErpNext = false;
        boolean verbose = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--data-dir") && i + 1 < args.size() && dataDir == null) {
                dataDir = Path.of(args.get(++i));
            } else if (args.get(i).equals("--setup-erpnext")) {
                setupErpNext = true;
            } else if (args.get(i).equals("--verbose")) {
                verbose = true;
            } else {
                return usage("run [--data-dir DIR] [--setup-erpnext] [--verbose]");
            }
        }
        PrintStream console = System.out;
        // Before anything starts: the JDK's warnings, DynamoDB Local's banner, the JSON logs and the metric
        // lines all go to the file (appended: ./threadline has sent the JVM's own stderr there already), so
        // the summary and the status line are all the terminal shows.
        String logs = verbose ? "printed here (--verbose)" : RUN_LOG + "   (--verbose prints them here)";
        if (!verbose) {
            Files.createDirectories(Path.of(RUN_LOG).getParent());
            PrintStream log = new PrintStream(new FileOutputStream(RUN_LOG, true), true, StandardCharsets.UTF_8);
            System.setOut(log);
            System.setErr(log);
        }
        long started = System.nanoTime();
        Stack stack;
        try {
            stack = Stack.start(dataDir, env, setupErpNext);
        } catch (RuntimeException e) {
            console.println("threadline run: " + e.getMessage() + (verbose ? "" : " (details in " + RUN_LOG + ")"));
            return 1;
        }
        console.print(stack.summary(Duration.ofNanos(System.nanoTime() - started)));
        console.println("  logs        " + logs);
        console.println("  status      what the stack has done today, below (./threadline stats for more)\n");
        StatusLine status = StatusLine.start(stack, console, "1".equals(env.get("THREADLINE_TTY")), Duration.ofSeconds(30));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.close();
            stack.close();
        }, "threadline-stop"));
        return 0;
    }

    private static int demo(Map<String, String> env) throws Exception {
        boolean realErpNext = env.get("ERPNEXT_URL") != null && !env.get("ERPNEXT_URL").isBlank();
        if (realErpNext && missing(env, "ERPNEXT_API_KEY", "ERPNEXT_API_SECRET") != null) {
            System.err.println("threadline demo: ERPNEXT_URL is set, so the demo reads the tickets there and needs "
                    + missing(env, "ERPNEXT_API_KEY", "ERPNEXT_API_SECRET") + " too");
            return 1;
        }
        try {
            new Demo(stackUrl(env),
                    realErpNext ? env.get("ERPNEXT_URL") : "http://localhost:" + env.getOrDefault("ERPNEXT_EMULATOR_PORT", "8000"),
                    realErpNext ? env.get("ERPNEXT_API_KEY") : "threadline-key",
                    realErpNext ? env.get("ERPNEXT_API_SECRET") : "threadline-secret",
                    env.getOrDefault("WHATSAPP_APP_SECRET", Stack.DEFAULT_APP_SECRET), System.out).run();
        } catch (ConnectException e) {
            System.err.println(OpsCommands.notRunning(stackUrl(env)));
            return 1;
        }
        return 0;
    }

    /** The names among {@code names} that are unset or blank, as "A and B", or null if none. */
    private static String missing(Map<String, String> env, String... names) {
        List<String> absent = Arrays.stream(names).filter(n -> env.get(n) == null || env.get(n).isBlank()).toList();
        return absent.isEmpty() ? null : String.join(" and ", absent);
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
        String absent = missing(env, "ERPNEXT_URL", "ERPNEXT_API_KEY", "ERPNEXT_API_SECRET");
        if (absent != null) {
            System.err.println("threadline setup-erpnext: set " + absent + " (the ERPNext site and its API user's key pair) and retry");
            return 1;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.function", "ticket"); // the ERPNext adapter is ticket-fn's (config/Functions)
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

    private static int usage(String usage) {
        System.err.println("usage: ./threadline " + usage);
        return 2;
    }
}
