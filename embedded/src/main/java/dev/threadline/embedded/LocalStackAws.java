package dev.threadline.embedded;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack through Testcontainers, for machines with a Docker engine ({@code -Plocalstack}).
 * Only loaded when that profile selects it; Testcontainers is an optional dependency.
 */
final class LocalStackAws {

    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:3.8");
    private static AwsEndpoints shared;

    private LocalStackAws() {}

    static synchronized Optional<AwsEndpoints> endpoints() {
        if (shared != null) {
            return Optional.of(shared);
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return Optional.empty();
        }
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(Service.DYNAMODB, Service.SQS);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
        shared = new AwsEndpoints(container.getEndpointOverride(Service.DYNAMODB),
                container.getEndpointOverride(Service.SQS), container.getRegion());
        return Optional.of(shared);
    }
}
