package dev.threadline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.bench.cold.ColdLauncher;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cold start per function: a fresh {@code java} process per run, on the function's shaded Lambda jar
 * plus the tiny {@link ColdLauncher}, from process start until the first event has been handled
 * (measured by this parent as wall time until the launcher's marker line), against servers this
 * parent runs (DynamoDB Local, ElasticMQ, the ERPNext and OpenAI fakes), configured through the
 * environment variables Lambda would set. Each function beside a bare {@code RequestHandler} making
 * the same calls without Micronaut, with default JVM flags and with C1 only; plus an empty JVM. The
 * variants are interleaved within each round, so machine load falls on all of them alike.
 */
public final class ColdStart {

    static final List<String> C1 = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private record Variant(String function, String impl, String flags, Path jar, String handler) {
        String key() {
            return function + "." + impl + "." + flags;
        }
    }

    private record Sample(double wallMs, double initMs, double invokeMs) {}

    private static final String EOF = new String("<eof>");

    private ColdStart() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int runs = args.integer("runs", 7);
        Path repo = Path.of(args.text("repo", "."));
        String java = args.text("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        args.requireAllUsed();

        PrintStream out = System.out;
        out.println("cold start: " + Machine.describe());
        Path launcher = existing(repo.resolve("bench/target/threadline-bench-0.1.0-SNAPSHOT-cold-launcher.jar"));
        Path bare = existing(repo.resolve("bench/target/threadline-bench-0.1.0-SNAPSHOT-bare-lambda.jar"));
        List<Variant> variants = new ArrayList<>();
        for (String flags : List.of("default", "c1")) {
            variants.add(new Variant("none", "jvm", flags, bare, "-"));
            for (String fn : List.of("intake", "ticket", "sweeper")) {
                Path jar = existing(repo.resolve(fn + "-fn/target/" + fn + "-fn-lambda.jar"));
                variants.add(new Variant(fn, "micronaut", flags, jar, handler(fn)));
                variants.add(new Variant(fn, "bare", flags, bare, "dev.threadline.bench.bare.Bare"
                        + Character.toUpperCase(fn.charAt(0)) + fn.substring(1) + "Handler"));
            }
        }
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        try (EmbeddedAws aws = EmbeddedAws.start();
             ErpNextFake erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
             OpenAiFake llm = OpenAiFake.start()) {
            Resources resources = Provisioner.provision(aws.endpoints(), "cold");
            JobCodec codec = new JobCodec(new ObjectMapper());
            for (int round = 1; round <= runs; round++) {
                for (Variant v : variants) {
                    Map<String, String> env = environment(v, aws, resources, erpnext, llm, codec, round);
                    Sample s = launch(java, launcher, v, env);
                    samples.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(s);
                    out.println(Stats.f("round %d  %-30s wall %6.0f ms  (constructor %5.0f ms, first invoke %5.0f ms)  load %s",
                            round, v.key(), s.wallMs(), s.initMs(), s.invokeMs(), Machine.load()));
                }
            }
        }
        report(samples, runs, args, out);
        System.exit(0);
    }

    private static void report(Map<String, List<Sample>> samples, int runs, Args args, PrintStream out) {
        Results results = new Results("cold-start").note("runs=" + runs + "; wall = process start to first handled event");
        out.println();
        out.println(Stats.f("medians of %d runs (ms)          wall   constructor  first invoke   Micronaut/bare (wall)", runs));
        samples.forEach((key, list) -> {
            double wall = Stats.median(list.stream().map(Sample::wallMs).toList());
            double init = Stats.median(list.stream().map(Sample::initMs).toList());
            double invoke = Stats.median(list.stream().map(Sample::invokeMs).toList());
            results.put("cold." + key + ".wall.ms", wall).put("cold." + key + ".init.ms", init)
                    .put("cold." + key + ".invoke.ms", invoke)
                    .put("cold." + key + ".wall.min.ms", Stats.min(list.stream().map(Sample::wallMs).toList()))
                    .put("cold." + key + ".wall.max.ms", Stats.max(list.stream().map(Sample::wallMs).toList()));
            String ratio = "";
            if (key.contains(".micronaut.")) {
                List<Sample> bare = samples.get(key.replace(".micronaut.", ".bare."));
                double r = wall / Stats.median(bare.stream().map(Sample::wallMs).toList());
                results.put("cold." + key.replace(".micronaut.", ".ratio."), r);
                ratio = Stats.f("%.2fx", r);
            }
            out.println(Stats.f("  %-30s %6.0f  %11.0f  %12.0f   %s", key, wall, init, invoke, ratio));
        });
        results.write(args.out());
        out.println("results in " + args.out().toAbsolutePath());
    }

    private static Sample launch(String java, Path launcher, Variant v, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        if (v.flags().equals("c1")) {
            command.addAll(C1);
        }
        command.addAll(List.of("-cp", launcher + ":" + v.jar(),
                ColdLauncher.class.getName(), v.function(), v.handler()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        long t0 = System.nanoTime();
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
                // the process was destroyed
            }
            lines.add(EOF);
        });
        ArrayDeque<String> tail = new ArrayDeque<>();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
        try {
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line == EOF) {
                    throw new IllegalStateException(v.key() + (line == null ? " timed out" : " exited") + " before handling the event:\n"
                            + String.join("\n", tail));
                }
                if (line.startsWith(ColdLauncher.MARKER)) {
                    double wall = (System.nanoTime() - t0) / 1e6;
                    if (!line.contains("ok=true")) {
                        throw new IllegalStateException(v.key() + " failed: " + line + "\n" + String.join("\n", tail));
                    }
                    process.waitFor(30, TimeUnit.SECONDS);
                    return new Sample(wall, number(line, "init_ms="), number(line, "invoke_ms="));
                }
                tail.addLast(line);
                if (tail.size() > 60) {
                    tail.removeFirst();
                }
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** What Lambda's environment would hold for this function, pointing at the parent's servers. */
    private static Map<String, String> environment(Variant v, EmbeddedAws aws, Resources resources, ErpNextFake erpnext,
                                                   OpenAiFake llm, JobCodec codec, int round) {
        Map<String, String> env = new HashMap<>();
        String dynamo = aws.endpoints().dynamoDb().toString();
        String sqs = aws.endpoints().sqs().toString();
        env.putAll(Map.of("AWS_REGION", EmbeddedAws.REGION, "AWS_DEFAULT_REGION", EmbeddedAws.REGION,
                "AWS_ACCESS_KEY_ID", "threadline", "AWS_SECRET_ACCESS_KEY", "threadline",
                "AWS_LAMBDA_FUNCTION_NAME", v.function() + "-fn", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024",
                "AWS_EXECUTION_ENV", "AWS_Lambda_java21"));
        // Micronaut's SDK factories read aws.services.<svc>.endpoint-override; the bare handlers the SDK's own names.
        env.putAll(Map.of("AWS_SERVICES_DYNAMODB_ENDPOINT_OVERRIDE", dynamo, "AWS_SERVICES_SQS_ENDPOINT_OVERRIDE", sqs,
                "AWS_ENDPOINT_URL_DYNAMODB", dynamo, "AWS_ENDPOINT_URL_SQS", sqs, "TABLE_NAME", resources.tableName()));
        if (!v.function().equals("intake")) {
            // Workaround, see BENCHMARKS.md: as shipped, ticket-fn and sweeper-fn fail their init because the
            // eager SqsJobQueue singleton needs threadline.sqs.queue-url, which only intake's properties map.
            env.put("THREADLINE_SQS_QUEUE_URL", resources.queueUrl());
        }
        String id = v.key() + "." + round + "." + Instant.now().toEpochMilli();
        switch (v.function()) {
            case "intake" -> env.putAll(Map.of("WHATSAPP_APP_SECRET", Functions.APP_SECRET, "WHATSAPP_VERIFY_TOKEN", "cold-verify",
                    "QUEUE_URL", resources.queueUrl(), "BENCH_WA_ID", Traffic.waId(round), "BENCH_WAMID", "wamid.cold." + id));
            case "ticket" -> {
                CustomerKey customer = new CustomerKey(dev.threadline.bench.cold.SampleEvents.PHONE_NUMBER_ID,
                        "4917" + Math.abs(id.hashCode()));
                InboundMessage message = new InboundMessage("wamid.cold." + id, customer, customer.user(), null, null, "Cold Start",
                        Instant.now(), "text", new Content.Said("Printer on floor 3 is jammed"), null,
                        "{\"id\":\"wamid.cold." + id + "\",\"type\":\"text\"}");
                env.putAll(Map.of("DLQ_URL", resources.deadLetterQueueUrl(), "ERPNEXT_URL", erpnext.baseUrl(),
                        "ERPNEXT_API_KEY", erpnext.options().apiKey(), "ERPNEXT_API_SECRET", erpnext.options().apiSecret(),
                        "LLM_BASE_URL", llm.baseUrl() + "/v1", "LLM_MODEL", "bench-model",
                        "BENCH_JOB_BODY", codec.encode(message), "BENCH_GROUP_ID", customer.digest(),
                        "BENCH_DEDUP_ID", message.ref().digest()));
            }
            default -> { }
        }
        return env;
    }

    private static String handler(String function) {
        return switch (function) {
            case "intake" -> "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
            case "ticket" -> "dev.threadline.ticket.TicketHandler";
            case "sweeper" -> "dev.threadline.sweeper.SweeperHandler";
            default -> throw new IllegalArgumentException(function);
        };
    }

    private static double number(String line, String key) {
        int start = line.indexOf(key) + key.length();
        int end = line.indexOf(' ', start);
        return Double.parseDouble(line.substring(start, end < 0 ? line.length() : end));
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -B -Pbench -pl bench -am package -DskipTests");
        }
        return jar;
    }
}
