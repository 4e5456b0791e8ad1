package dev.threadline.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Counts the functions' own AWS SDK calls, per {@code Service:Operation}, in a local stack's context.
 * The local stack builds its clients through micronaut-aws's builders, so the count is added to those
 * builders (never to the product's code); the stack's simulated event source has its own SQS client
 * and is not counted. Active only with the system property {@code bench.count-sdk-calls=true}, so the
 * other benchmarks' contexts are untouched.
 */
public final class SdkCalls implements ExecutionInterceptor {

    static final String ENABLED = "bench.count-sdk-calls";
    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();
    /** The benchmark's own thread: its waits read the session and the outbox, which is not the product's work. */
    private static volatile Thread observer;

    /** Calls made on the current thread are not counted from now on. */
    static void ignoreCurrentThread() {
        observer = Thread.currentThread();
    }

    /** Every call so far, by {@code Service:Operation} (one per call, whatever its retries). */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Thread.currentThread() == observer) {
            return;
        }
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static <B extends AwsClientBuilder<?, ?>> B counted(B builder) {
        // Added to whatever the builder carries already: overrideConfiguration(Consumer) would replace it.
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder().addExecutionInterceptor(new SdkCalls()).build());
        return builder;
    }

    /** DynamoDB: the session, ledger, outbox and stats items. */
    @Singleton
    @Requires(property = ENABLED, value = "true")
    public static final class Dynamo implements BeanCreatedEventListener<DynamoDbClientBuilder> {
        @Override
        public DynamoDbClientBuilder onCreated(BeanCreatedEvent<DynamoDbClientBuilder> event) {
            return counted(event.getBean());
        }
    }

    /** SQS: intake's enqueues. */
    @Singleton
    @Requires(property = ENABLED, value = "true")
    public static final class Sqs implements BeanCreatedEventListener<SqsClientBuilder> {
        @Override
        public SqsClientBuilder onCreated(BeanCreatedEvent<SqsClientBuilder> event) {
            return counted(event.getBean());
        }
    }
}
