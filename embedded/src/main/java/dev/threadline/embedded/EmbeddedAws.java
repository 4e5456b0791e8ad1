package dev.threadline.embedded;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * DynamoDB Local and ElasticMQ running inside this JVM on loopback ports: real AWS wire protocols,
 * no Docker. DynamoDB Local keeps data in memory unless given a directory.
 */
public final class EmbeddedAws implements AutoCloseable {

    public static final String REGION = "us-east-1";

    private final DynamoDBProxyServer dynamo;
    private final SQSRestServer sqs;
    private final AwsEndpoints endpoints;

    private EmbeddedAws(DynamoDBProxyServer dynamo, SQSRestServer sqs, AwsEndpoints endpoints) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.endpoints = endpoints;
    }

    /** Starts both servers in memory. */
    public static EmbeddedAws start() {
        return start(null);
    }

    /**
     * Starts both servers.
     *
     * @param dynamoDataDir where DynamoDB Local keeps its data across restarts; {@code null} for memory
     */
    public static EmbeddedAws start(Path dynamoDataDir) {
        int dynamoPort = freePort();
        int sqsPort = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort), "-disableTelemetry"));
        if (dynamoDataDir == null) {
            args.addAll(List.of("-inMemory", "-sharedDb"));
        } else {
            args.addAll(List.of("-dbPath", dynamoDataDir.toAbsolutePath().toString(), "-sharedDb"));
        }
        DynamoDBProxyServer dynamo;
        try {
            dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            dynamo.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + dynamoPort, e);
        }
        SQSRestServer sqs = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(sqsPort)
                .withAWSRegion(REGION)
                .start();
        sqs.waitUntilStarted();
        return new EmbeddedAws(dynamo, sqs, new AwsEndpoints(
                URI.create("http://127.0.0.1:" + dynamoPort), URI.create("http://127.0.0.1:" + sqsPort), REGION));
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        sqs.stopAndWait();
        try {
            dynamo.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    /** DynamoDB Local rejects port 0, so a free port is picked first. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
