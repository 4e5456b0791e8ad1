package dev.threadline.bench;

import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * intake-fn's real handler against its floor, in one JVM, on DynamoDB Local and ElasticMQ in-process.
 *
 * <p>Method: the JIT is warmed on a throwaway handler instance first. Each run then builds a fresh
 * handler (a new Lambda instance: micronaut-aws's per-invocation bean registrations make an
 * instance slower with age, see {@link InstanceAge}), warms it with {@code --warmup} calls, and
 * measures {@code --n} calls of each, one at a time (a closed loop, one client), in alternating
 * blocks of {@code --block} calls, the order within each pair of blocks flipping, so that load from
 * the shared machine, GC and server-side state growth fall on both alike. Each call is a fresh signed
 * webhook with one message and a unique wamid, timed with {@code System.nanoTime()} around
 * {@code handleRequest} (events are built before the clock starts). Then a throughput phase:
 * {@code --threads} clients send {@code --per-thread} requests each, intake and floor in turn,
 * twice. Figures are medians over {@code --runs} runs.
 */
public final class IntakeLatency {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private IntakeLatency() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int runs = args.integer("runs", 5);
        int jitWarmup = args.integer("jit-warmup", 6000);
        int warmup = args.integer("warmup", 1000);
        int n = args.integer("n", 3000);
        int block = args.integer("block", 50);
        int threads = args.integer("threads", 4);
        int perThread = args.integer("per-thread", 1000);
        String contextBeans = args.text("lambda-context-beans", "shipped");
        args.requireAllUsed();
        Functions.lambdaContextBeans = switch (contextBeans) {
            case "shipped" -> true;
            case "skip" -> false;
            default -> throw new IllegalArgumentException("--lambda-context-beans is shipped or skip");
        };

        CountingOut logs = CountingOut.install();
        PrintStream out = logs.real;
        out.println("intake latency: " + Machine.describe() + "; Lambda context beans: " + contextBeans);
        try (EmbeddedAws aws = EmbeddedAws.start()) {
            Resources resources = Provisioner.provision(aws.endpoints(), "bench-intake");
            try (Floor floor = new Floor(aws.endpoints(), resources)) {
                Traffic traffic = new Traffic(Long.toString(System.currentTimeMillis(), 36), 500);
                JobCodec codec;
                out.println(Stats.f("JIT warm-up: %d calls of each on a throwaway instance...", jitWarmup));
                try (Functions.Intake first = Functions.intake(aws.endpoints(), resources)) {
                    codec = first.context().getBean(JobCodec.class);
                    measure(first, floor, traffic, codec, jitWarmup, block);
                }

                Series intakeAll = new Series();
                Series floorAll = new Series();
                List<Double> p50i = new ArrayList<>(), p99i = new ArrayList<>(), p50f = new ArrayList<>(),
                        p99f = new ArrayList<>(), ratio = new ArrayList<>(), rpsI = new ArrayList<>(), rpsF = new ArrayList<>();
                out.println(Stats.f("each run: a fresh intake instance, %d warm-up calls, then %d measured calls of each", warmup, n));
                out.println("run  intake p50   p90    p99    p99.9  mean | floor p50   p90    p99    p99.9  mean | p99 ratio  load");
                long logBytes = 0, logLines = 0, cpuIntake = 0, cpuFloor = 0;
                for (int run = 1; run <= runs; run++) {
                    long[][] samples;
                    try (Functions.Intake intake = Functions.intake(aws.endpoints(), resources)) {
                        measure(intake, floor, traffic, codec, warmup, block);
                        long cpu0 = CPU[0], cpu1 = CPU[1], bytes0 = logs.bytes(), lines0 = logs.lines();
                        samples = measure(intake, floor, traffic, codec, n, block);
                        logBytes += logs.bytes() - bytes0;
                        logLines += logs.lines() - lines0;
                        cpuIntake += CPU[0] - cpu0;
                        cpuFloor += CPU[1] - cpu1;
                    }
                    intakeAll.add(samples[0]);
                    floorAll.add(samples[1]);
                    double r = Stats.percentileMs(samples[0], 99) / Stats.percentileMs(samples[1], 99);
                    p50i.add(Stats.percentileMs(samples[0], 50));
                    p99i.add(Stats.percentileMs(samples[0], 99));
                    p50f.add(Stats.percentileMs(samples[1], 50));
                    p99f.add(Stats.percentileMs(samples[1], 99));
                    ratio.add(r);
                    rpsI.add(1000 / Stats.meanMs(samples[0]));
                    rpsF.add(1000 / Stats.meanMs(samples[1]));
                    out.println(Stats.f("%3d  %s | %s | %6.2f    %s", run, row(samples[0]), row(samples[1]), r, Machine.load()));
                }
                double logLinesPerRequest = logLines / (double) (runs * n);
                double logBytesPerRequest = logBytes / (double) (runs * n);
                double cpuIntakeMs = cpuIntake / 1e6 / (runs * n);
                double cpuFloorMs = cpuFloor / 1e6 / (runs * n);

                out.println(Stats.f("throughput: %d clients x %d requests, intake and floor in turn, twice (a fresh intake instance"
                        + " each round)", threads, perThread));
                List<Double> tputI = new ArrayList<>(), tputF = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    try (Functions.Intake intake = Functions.intake(aws.endpoints(), resources)) {
                        measure(intake, floor, traffic, codec, warmup, block);
                        tputI.add(throughput(threads, perThread, () -> traffic.next(codec), p -> intake.sendQueued(p.event())));
                    }
                    tputF.add(throughput(threads, perThread, () -> traffic.next(codec), p -> floor.send(p.call())));
                    out.println(Stats.f("  round %d: intake %.0f req/s, floor %.0f req/s (load %s)", round + 1,
                            tputI.get(round), tputF.get(round), Machine.load()));
                }

                String name = "intake-latency" + (contextBeans.equals("skip") ? "-skip-context-beans" : "");
                Results results = new Results(name)
                        .note(Stats.f("runs=%d n=%d warmup=%d jitWarmup=%d block=%d threads=%d perThread=%d lambdaContextBeans=%s",
                                runs, n, warmup, jitWarmup, block, threads, perThread, contextBeans))                        .put("intake.p50.ms", Stats.median(p50i)).put("intake.p99.ms", Stats.median(p99i))
                        .put("floor.p50.ms", Stats.median(p50f)).put("floor.p99.ms", Stats.median(p99f))
                        .put("p99.ratio", Stats.median(ratio))
                        .put("p99.ratio.min", Stats.min(ratio)).put("p99.ratio.max", Stats.max(ratio))
                        .put("intake.sequential.rps", Stats.median(rpsI)).put("floor.sequential.rps", Stats.median(rpsF))
                        .put("intake.concurrent.rps", Stats.median(tputI)).put("floor.concurrent.rps", Stats.median(tputF))
                        .put("intake.mean.ms", intakeAll.meanMs()).put("floor.mean.ms", floorAll.meanMs())
                        .put("intake.log.lines.per.request", logLinesPerRequest)
                        .put("intake.log.bytes.per.request", logBytesPerRequest)
                        .put("intake.cpu.ms.per.request", cpuIntakeMs).put("floor.cpu.ms.per.request", cpuFloorMs);
                results.write(args.out());
                double binMs = Series.niceBin(Stats.percentileMs(intakeAll.all(), 99.5) / 60);
                Results.csv(args.out(), name + "-histogram.csv", "upper_ms,intake,floor",
                        Series.histogram(intakeAll, floorAll, binMs, 61));
                out.println(Stats.f("median of %d runs: intake p50 %.2f ms p99 %.2f ms | floor p50 %.2f ms p99 %.2f ms | "
                                + "p99 ratio %.2f (range %.2f-%.2f) | sequential %.0f vs %.0f req/s | %d clients %.0f vs %.0f req/s",
                        runs, Stats.median(p50i), Stats.median(p99i), Stats.median(p50f), Stats.median(p99f),
                        Stats.median(ratio), Stats.min(ratio), Stats.max(ratio), Stats.median(rpsI), Stats.median(rpsF),
                        threads, Stats.median(tputI), Stats.median(tputF)));
                out.println(Stats.f("intake wrote %.2f log lines (%.0f bytes) per request", logLinesPerRequest, logBytesPerRequest));
                out.println(Stats.f("client-side CPU per request (handler or bare SDK calls, not the servers): intake %.3f ms,"
                        + " floor %.3f ms", cpuIntakeMs, cpuFloorMs));
                out.println("results in " + args.out().toAbsolutePath());
            }
        }
        System.exit(0);
    }

    private static String row(long[] nanos) {
        return Stats.f("%6.2f %6.2f %6.2f %6.2f %6.2f", Stats.percentileMs(nanos, 50), Stats.percentileMs(nanos, 90),
                Stats.percentileMs(nanos, 99), Stats.percentileMs(nanos, 99.9), Stats.meanMs(nanos));
    }

    /** Thread CPU time spent in each series' calls so far (this thread: handler and SDK client side, not the servers). */
    private static final long[] CPU = new long[2];

    /** {@code n} calls of each, interleaved in blocks; returns {intake nanos, floor nanos}. */
    private static long[][] measure(Functions.Intake intake, Floor floor, Traffic traffic, JobCodec codec, int n, int block) {
        long[] intakeNanos = new long[n];
        long[] floorNanos = new long[n];
        for (int start = 0, pair = 0; start < n; start += block, pair++) {
            int size = Math.min(block, n - start);
            Traffic.Pair[] forIntake = new Traffic.Pair[size];
            Traffic.Pair[] forFloor = new Traffic.Pair[size];
            for (int i = 0; i < size; i++) {
                forIntake[i] = traffic.next(codec);
                forFloor[i] = traffic.next(codec);
            }
            for (int turn = 0; turn < 2; turn++) {
                boolean intakeNow = (turn == 0) == (pair % 2 == 0);
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < size; i++) {
                    long t0 = System.nanoTime();
                    if (intakeNow) {
                        intake.sendQueued(forIntake[i].event());
                        intakeNanos[start + i] = System.nanoTime() - t0;
                    } else {
                        floor.send(forFloor[i].call());
                        floorNanos[start + i] = System.nanoTime() - t0;
                    }
                }
                CPU[intakeNow ? 0 : 1] += THREADS.getCurrentThreadCpuTime() - cpu0;
            }
        }
        return new long[][] {intakeNanos, floorNanos};
    }

    /** Requests per second with {@code threads} closed-loop clients, inputs built before the clock starts. */
    private static double throughput(int threads, int perThread, java.util.function.Supplier<Traffic.Pair> next,
                                     java.util.function.Consumer<Traffic.Pair> call) throws Exception {
        List<Traffic.Pair[]> inputs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Traffic.Pair[] mine = new Traffic.Pair[perThread];
            for (int i = 0; i < perThread; i++) {
                mine[i] = next.get();
            }
            inputs.add(mine);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Traffic.Pair[] mine : inputs) {
                done.add(pool.submit(() -> {
                    for (Traffic.Pair p : mine) {
                        call.accept(p);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return threads * perThread / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
