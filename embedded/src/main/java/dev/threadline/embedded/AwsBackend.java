package dev.threadline.embedded;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for tests that need DynamoDB and SQS: with {@code @ExtendWith(AwsBackend.class)}
 * a test class runs against the backend {@link TestAws} selects, and is skipped (not failed) where
 * that backend cannot run here (LocalStack without Docker). Constructors, lifecycle and test
 * methods receive the endpoints as an {@link AwsEndpoints} parameter.
 */
public final class AwsBackend implements ExecutionCondition, ParameterResolver {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return TestAws.endpoints().isPresent()
                ? ConditionEvaluationResult.enabled("the selected AWS backend runs here")
                : ConditionEvaluationResult.disabled("the selected AWS backend is not available here (LocalStack needs Docker)");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return TestAws.endpoints().orElseThrow();
    }
}
