package dev.threadline.config;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * micronaut-aws's {@link DefaultLambdaContextFactory} registers the Lambda {@link Context} and its
 * logger as new singletons on every invocation, and the registrations accumulate for the life of a
 * warm instance: measured on intake, CPU per request grew from 3.4 ms to 6.0 ms over 8,000
 * invocations, and p99 was 1.6x the bare DynamoDB + SQS floor instead of 1.1x (BENCHMARKS.md).
 * No Threadline bean injects the Lambda context, so none is registered.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class NoLambdaContextBeans implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // Nothing to register: see the class comment.
    }
}
