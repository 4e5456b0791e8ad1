package dev.threadline.config;

import static net.logstash.logback.argument.StructuredArguments.kv;

import jakarta.inject.Singleton;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, every {@link Primer} the
 * function has makes one cheap, read-only call through its own SDK client (DynamoDB's
 * {@code DescribeTable}; SQS's {@code GetQueueAttributes} where the function has a job queue). That
 * loads and JIT-warms the SDK's marshalling, signing and HTTP classes into the snapshot, so the first
 * real request after a restore does not pay for them. Failures are logged and ignored: priming is an
 * optimisation, never a reason to fail a deploy. On JVMs without CRaC (local runs, tests)
 * registering is a no-op.
 *
 * <p>A plain singleton: Micronaut's Lambda handlers create every singleton at init, so it registers
 * before the snapshot, while other contexts (tests, tools) only create it when asked.
 */
@Singleton
public class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final List<Primer> primers;

    public SnapStartPriming(List<Primer> primers) {
        this.primers = primers;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to do: SDK clients re-open connections on demand after a restore.
    }

    /** The priming calls; public so a test can prove they work against real servers. */
    public void prime() {
        int failed = 0;
        for (Primer primer : primers) {
            try {
                primer.prime();
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("snapstart priming failed; continuing", kv("primer", primer.getClass().getSimpleName()),
                        kv("error", e.getClass().getSimpleName()));
            }
        }
        LOG.info("snapstart priming done", kv("primers", primers.size()), kv("failed", failed));
    }
}
