package dev.threadline.config;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.adapter.sqs.SqsConfig;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, make one cheap, read-only
 * call to DynamoDB ({@code DescribeTable}) and, where the function has a job queue, to SQS
 * ({@code GetQueueAttributes}). That loads and JIT-warms the SDK's marshalling, signing and HTTP
 * classes into the snapshot, so the first real request after a restore does not pay for them.
 * Failures are logged and ignored: priming is an optimisation, never a reason to fail a deploy.
 * On JVMs without CRaC (local runs, tests) registering is a no-op.
 *
 * <p>A plain singleton: Micronaut's Lambda handlers create every singleton at init, so it registers
 * before the snapshot, while other contexts (tests, tools) only create it when asked.
 */
@Singleton
@Requires(beans = DynamoDbConfig.class)
public class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final DynamoDbClient dynamo;
    private final DynamoDbConfig dynamoConfig;
    private final BeanProvider<SqsClient> sqs;
    private final BeanProvider<SqsConfig> sqsConfig;

    public SnapStartPriming(DynamoDbClient dynamo, DynamoDbConfig dynamoConfig, BeanProvider<SqsClient> sqs,
                            BeanProvider<SqsConfig> sqsConfig) {
        this.dynamo = dynamo;
        this.dynamoConfig = dynamoConfig;
        this.sqs = sqs;
        this.sqsConfig = sqsConfig;
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
        try {
            dynamo.describeTable(b -> b.tableName(dynamoConfig.tableName()));
            if (sqsConfig.isPresent()) {
                sqs.get().getQueueAttributes(b -> b.queueUrl(sqsConfig.get().queueUrl())
                        .attributeNamesWithStrings("QueueArn"));
            }
            LOG.info("snapstart priming done");
        } catch (RuntimeException e) {
            LOG.warn("snapstart priming failed; continuing", kv("error", e.getClass().getSimpleName()));
        }
    }
}
