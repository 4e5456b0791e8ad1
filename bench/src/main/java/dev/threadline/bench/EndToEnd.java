package dev.threadline.bench;

import dev.threadline.application.port.SessionStore;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.emulators.llm.RuleBasedResponder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages per second through the whole pipeline: intake's handler, ElasticMQ (FIFO, one group per
 * customer), several simulated Lambda instances of ticket-fn, the ERPNext fake and the OpenAI fake,
 * all in this JVM on this machine's cores.
 *
 * <p>Method: per run, fresh queue, table and fakes; {@code --messages} messages from {@code C}
 * customers ({@link Traces#stream}) are sent through intake by {@code --intake-threads} clients (one
 * customer's messages always from the same client, in order) while {@code --pollers} instances poll
 * the queue. The clock runs from the first intake call until ticket-fn has finished the last
 * message. ERPNext and LLM latency are added by the fakes (every ERPNext API request and every chat
 * completion waits {@code L} ms). A warm-up run comes first; figures are medians over {@code --runs}.
 */
public final class EndToEnd {

    private EndToEnd() {}

    /** One run's figures. */
    record Run(double messagesPerSecond, double intakePerSecond, double turns, double batches, double handlerMsPerBatch,
               double intakeCpuMsPerMessage, double ticketCpuMsPerTurn, double functionCpuShare) {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        List<Integer> customerCounts = args.integers("customers", "10,50,100,500");
        List<Integer> latencies = args.integers("latency-ms", "0,50");
        int messages = args.integer("messages", 2000);
        int pollers = args.integer("pollers", 4);
        int intakeThreads = args.integer("intake-threads", 2);
        int runs = args.integer("runs", 3);
        args.requireAllUsed();

        CountingOut logs = CountingOut.install();
        PrintStream out = logs.real;
        out.println("end to end: " + Machine.describe());
        out.println(Stats.f("%d messages per run, %d pollers, %d intake clients", messages, pollers, intakeThreads));
        Results results = new Results("end-to-end").note(Stats.f("messages=%d pollers=%d intakeThreads=%d runs=%d", messages,
                pollers, intakeThreads, runs));
        List<String> rows = new ArrayList<>();
        try (EmbeddedAws aws = EmbeddedAws.start()) {
            out.println("warm-up run...");
            once(aws, 100, 600, 0, pollers, intakeThreads, "warm");
            out.println("latency  customers  run  msgs/s  intake/s  turns  batches  ms/batch  cpu ms/msg intake  cpu ms/turn ticket"
                    + "  functions' CPU share  load");
            for (int latency : latencies) {
                for (int customers : customerCounts) {
                    List<Double> rates = new ArrayList<>();
                    List<Double> perBatch = new ArrayList<>();
                    List<Double> intakeCpu = new ArrayList<>();
                    List<Double> ticketCpu = new ArrayList<>();
                    List<Double> turnsPerMessage = new ArrayList<>();
                    for (int r = 1; r <= runs; r++) {
                        Run run = once(aws, customers, messages, latency, pollers, intakeThreads, "e2e-" + latency + "-" + customers + "-" + r);
                        rates.add(run.messagesPerSecond());
                        perBatch.add(run.handlerMsPerBatch());
                        intakeCpu.add(run.intakeCpuMsPerMessage());
                        ticketCpu.add(run.ticketCpuMsPerTurn());
                        turnsPerMessage.add(run.turns() / messages);
                        out.println(Stats.f("%5d ms  %9d  %3d  %6.1f  %8.1f  %5.0f  %7.0f  %8.1f  %17.2f  %18.2f  %20.0f%%  %s", latency,
                                customers, r, run.messagesPerSecond(), run.intakePerSecond(), run.turns(), run.batches(),
                                run.handlerMsPerBatch(), run.intakeCpuMsPerMessage(), run.ticketCpuMsPerTurn(),
                                run.functionCpuShare() * 100, Machine.load()));
                    }
                    double median = Stats.median(rates);
                    results.put(Stats.f("msgs.per.second.latency%d.customers%d", latency, customers), median);
                    String suffix = Stats.f(".latency%d.customers%d", latency, customers);
                    results.put("handler.ms.per.batch" + suffix, Stats.median(perBatch))
                            .put("intake.cpu.ms.per.message" + suffix, Stats.median(intakeCpu))
                            .put("ticket.cpu.ms.per.turn" + suffix, Stats.median(ticketCpu))
                            .put("turns.per.message" + suffix, Stats.median(turnsPerMessage));
                    rows.add(Stats.f("%d,%d,%.2f,%.2f,%.2f", latency, customers, median, Stats.min(rates), Stats.max(rates)));
                    out.println(Stats.f("  -> median %.1f msgs/s (range %.1f-%.1f)", median, Stats.min(rates), Stats.max(rates)));
                }
            }
        }
        results.put("pollers", Integer.toString(pollers));
        results.write(args.out());
        Results.csv(args.out(), "end-to-end.csv", "latency_ms,customers,msgs_per_s_median,min,max", rows);
        out.println("results in " + args.out().toAbsolutePath());
        System.exit(0);
    }

    private static Run once(EmbeddedAws aws, int customers, int total, int latencyMs, int pollerCount, int intakeThreads,
                            String prefix) throws Exception {
        RuleBasedResponder rules = new RuleBasedResponder();
        try (ErpNextFake erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
             OpenAiFake llm = OpenAiFake.start(request -> {
                 pause(latencyMs);
                 return rules.apply(request);
             });
             Pipeline pipeline = new Pipeline(aws.endpoints(), aws.endpoints(), aws.endpoints(), erpnext, llm, pollerCount, prefix)) {
            if (latencyMs > 0) {
                erpnext.faults().delayNext(Integer.MAX_VALUE, Duration.ofMillis(latencyMs));
            }
            List<Traces.Msg> trace = Traces.stream(customers, total, 7);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong crashes = new AtomicLong();
            AtomicLong intakeCpu = new AtomicLong();
            long processCpu0 = processCpuNanos();
            List<Thread> threads = new ArrayList<>();
            for (LambdaSqsPoller poller : pipeline.pollers) {
                threads.add(Thread.ofPlatform().name("poller").start(() -> {
                    while (!stop.get()) {
                        try {
                            poller.pollOnce(1);
                        } catch (RuntimeException e) {
                            crashes.incrementAndGet();
                        }
                    }
                }));
            }
            long t0 = System.nanoTime();
            List<Thread> feeders = new ArrayList<>();
            for (int t = 0; t < intakeThreads; t++) {
                int mine = t;
                feeders.add(Thread.ofPlatform().name("intake").start(() -> {
                    trace.stream().filter(m -> m.customer() % intakeThreads == mine).forEach(pipeline::send);
                    intakeCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
                }));
            }
            for (Thread feeder : feeders) {
                feeder.join();
            }
            double intakeSeconds = (System.nanoTime() - t0) / 1e9;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (pipeline.processed() < total && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            if (pipeline.processed() < total) {
                throw new IllegalStateException(prefix + ": only " + pipeline.processed() + " of " + total + " processed");
            }
            long processCpu = processCpuNanos() - processCpu0;
            long batches = pipeline.invocations.get();
            int turns = turns(pipeline, customers);
            return new Run(total / seconds, total / intakeSeconds, turns, batches, pipeline.handlerNanos.get() / 1e6 / batches,
                    intakeCpu.get() / 1e6 / total, pipeline.handlerCpuNanos.get() / 1e6 / turns,
                    (intakeCpu.get() + pipeline.handlerCpuNanos.get()) / (double) processCpu);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int turns(Pipeline pipeline, int customers) {
        SessionStore sessions = pipeline.tickets.get(0).context().getBean(SessionStore.class);
        int turns = 0;
        for (int c = 0; c < customers; c++) {
            turns += sessions.decisions(Traffic.customer(c)).size();
        }
        return turns;
    }

    private static void pause(int millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
