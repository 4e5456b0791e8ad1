package dev.threadline.bench.bare;

import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients as a hand-written Lambda would build them: once per instance, URLConnection HTTP client
 * (as the functions use), region and credentials from Lambda's environment, and an endpoint override
 * from {@code AWS_ENDPOINT_URL_DYNAMODB} / {@code AWS_ENDPOINT_URL_SQS} when set (the benchmark's
 * local servers).
 */
final class BareClients {

    private BareClients() {}

    static DynamoDbClient dynamo() {
        var builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    static SqsClient sqs() {
        var builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getenv("AWS_ENDPOINT_URL_SQS");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set");
        }
        return value;
    }
}
