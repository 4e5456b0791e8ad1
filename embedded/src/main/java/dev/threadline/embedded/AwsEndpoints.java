package dev.threadline.embedded;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where a DynamoDB- and SQS-protocol server can be reached: embedded in this process, or LocalStack.
 * The credentials are dummies (alphanumeric: DynamoDB Local 2.x rejects anything else).
 */
public record AwsEndpoints(URI dynamoDb, URI sqs, String region) {

    static final String ACCESS_KEY = "threadline";
    static final String SECRET_KEY = "threadline";

    /** Settings that point Micronaut's SDK clients at these servers. */
    public Map<String, Object> micronautProperties() {
        return Map.of(
                "aws.region", region,
                "aws.access-key-id", ACCESS_KEY,
                "aws.secret-key", SECRET_KEY,
                "aws.services.dynamodb.endpoint-override", dynamoDb.toString(),
                "aws.services.sqs.endpoint-override", sqs.toString());
    }

    public DynamoDbClient dynamoDbClient() {
        return DynamoDbClient.builder()
                .endpointOverride(dynamoDb)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public SqsClient sqsClient() {
        return SqsClient.builder()
                .endpointOverride(sqs)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }
}
