package dev.threadline.embedded;

import java.util.Optional;

/**
 * The AWS-protocol servers integration tests run against, chosen by the system property
 * {@code threadline.it.backend}: {@code in-process} (default; DynamoDB Local and ElasticMQ in this
 * JVM, started once and shared) or {@code localstack} (Testcontainers, the {@code -Plocalstack}
 * profile). Empty when the chosen backend cannot run here, so tests skip instead of failing.
 */
public final class TestAws {

    private static AwsEndpoints shared;

    private TestAws() {}

    public static synchronized Optional<AwsEndpoints> endpoints() {
        if ("localstack".equals(System.getProperty("threadline.it.backend"))) {
            return LocalStackAws.endpoints();
        }
        if (shared == null) {
            EmbeddedAws aws = EmbeddedAws.start();
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close, "embedded-aws-stop"));
            shared = aws.endpoints();
        }
        return Optional.of(shared);
    }
}
