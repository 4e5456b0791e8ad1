package dev.threadline.bench;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * A what-if, off unless {@code bench.skip-lambda-context-beans=true}: micronaut-aws's
 * {@link DefaultLambdaContextFactory} registers the Lambda {@link Context} (and its logger) as new
 * singletons on every invocation, and the registrations pile up (see BENCHMARKS.md, "instance
 * age"). Threadline injects none of them, so this replacement registers nothing.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
@Requires(property = "bench.skip-lambda-context-beans", value = "true")
final class NoLambdaContextBeans implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // intentionally nothing
    }
}
