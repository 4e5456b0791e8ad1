package dev.threadline.bench;

import dev.threadline.adapter.sqs.JobCodec;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.Provisioner;
import dev.threadline.embedded.Provisioner.Resources;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * How intake's cost per request changes over the life of one Lambda instance. micronaut-aws registers
 * the Lambda {@code Context} (and its logger) as new singletons on every invocation
 * ({@code DefaultLambdaContextFactory}), and the registrations are never removed, so bean lookups get
 * slower as they pile up. Two instances side by side, the shipped one and one with
 * {@link dev.threadline.config.NoLambdaContextBeans}, in alternating blocks after a JIT warm-up on a throwaway instance; per
 * block the handler thread's CPU time per request, the mean latency, and the number of
 * {@code Context} registrations.
 */
public final class InstanceAge {

    private InstanceAge() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int invocations = args.integer("invocations", 30000);
        int block = args.integer("block", 2000);
        int jitWarmup = args.integer("jit-warmup", 4000);
        args.requireAllUsed();

        CountingOut logs = CountingOut.install();
        PrintStream out = logs.real;
        out.println("instance age: " + Machine.describe());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> rows = new ArrayList<>();
        try (EmbeddedAws aws = EmbeddedAws.start()) {
            Resources resources = Provisioner.provision(aws.endpoints(), "bench-age");
            Traffic traffic = new Traffic(Long.toString(System.currentTimeMillis(), 36), 500);
            Functions.lambdaContextBeans = false;
            try (Functions.Intake throwaway = Functions.intake(aws.endpoints(), resources)) {
                block(throwaway, traffic, throwaway.context().getBean(JobCodec.class), jitWarmup, threads); // JIT warm-up
            }
            Functions.lambdaContextBeans = true;
            Functions.Intake shipped = Functions.intake(aws.endpoints(), resources);
            Functions.lambdaContextBeans = false;
            Functions.Intake skip = Functions.intake(aws.endpoints(), resources);
            JobCodec codec = shipped.context().getBean(JobCodec.class);
            out.println("invocations  shipped: cpu ms/req  mean ms  Context beans | skip: cpu ms/req  mean ms  Context beans | load");
            for (int done = 0; done < invocations; done += block) {
                double[] a = block(shipped, traffic, codec, block, threads);
                double[] b = block(skip, traffic, codec, block, threads);
                int handled = done + block;
                out.println(Stats.f("%11d  %18.2f  %7.2f  %13d | %15.2f  %7.2f  %13d | %s", handled, a[0], a[1],
                        shipped.contextRegistrations(), b[0], b[1], skip.contextRegistrations(), Machine.load()));
                rows.add(Stats.f("%d,%.3f,%.3f,%.3f,%.3f", handled, a[0], b[0], a[1], b[1]));
            }
            shipped.close();
            skip.close();
        }
        Results.csv(args.out(), "instance-age.csv", "invocations,shipped_cpu_ms,skip_cpu_ms,shipped_mean_ms,skip_mean_ms", rows);
        out.println("results in " + args.out().toAbsolutePath());
        System.exit(0);
    }

    /** {@code n} requests; returns {CPU ms per request, mean wall ms per request}. */
    private static double[] block(Functions.Intake intake, Traffic traffic, JobCodec codec, int n, ThreadMXBean threads) {
        Traffic.Pair[] inputs = new Traffic.Pair[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = traffic.next(codec);
        }
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (Traffic.Pair p : inputs) {
            intake.sendQueued(p.event());
        }
        return new double[] {(threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n, (System.nanoTime() - wall) / 1e6 / n};
    }
}
