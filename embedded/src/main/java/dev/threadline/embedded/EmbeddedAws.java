package dev.threadline.embedded;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local and ElasticMQ running inside this JVM on loopback ports: real AWS wire protocols,
 * no Docker. Both keep their data in memory unless given a directory; with one, what either has
 * acknowledged survives a kill -9 (see {@link PersistentQueues} for the queues).
 */
public final class EmbeddedAws implements AutoCloseable {

    public static final String REGION = "us-east-1";

    private final DynamoDBProxyServer dynamo;
    private final SQSRestServer sqs;
    private final PersistentQueues persistentSqs;
    private final AwsEndpoints endpoints;

    private EmbeddedAws(DynamoDBProxyServer dynamo, SQSRestServer sqs, PersistentQueues persistentSqs, AwsEndpoints endpoints) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.persistentSqs = persistentSqs;
        this.endpoints = endpoints;
    }

    /** Starts both servers in memory. */
    public static EmbeddedAws start() {
        return start(null);
    }

    /**
     * Starts both servers. With a data directory, call {@link #resendStoredMessages()} once the queues
     * are provisioned.
     *
     * @param dataDir where both keep their data across restarts (created if missing); {@code null} for memory
     */
    public static EmbeddedAws start(Path dataDir) {
        int dynamoPort = freePort();
        int sqsPort = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(dynamoPort), "-disableTelemetry"));
        if (dataDir == null) {
            args.addAll(List.of("-inMemory", "-sharedDb"));
        } else {
            args.addAll(List.of("-dbPath", directory(dataDir.resolve("dynamodb")).toString(), "-sharedDb"));
        }
        DynamoDBProxyServer dynamo;
        try {
            dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            dynamo.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + dynamoPort, e);
        }
        SQSRestServer sqs = null;
        PersistentQueues persistentSqs = null;
        if (dataDir == null) {
            sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort).withAWSRegion(REGION).start();
            sqs.waitUntilStarted();
        } else {
            persistentSqs = PersistentQueues.start(directory(dataDir.resolve("sqs")), "127.0.0.1", sqsPort, REGION);
        }
        return new EmbeddedAws(dynamo, sqs, persistentSqs, new AwsEndpoints(
                URI.create("http://127.0.0.1:" + dynamoPort), URI.create("http://127.0.0.1:" + sqsPort), REGION));
    }

    /**
     * Sends the messages the queues held when the previous run stopped, oldest first, to the queues of
     * the same names (which must exist by now); returns how many. Nothing to do in memory.
     */
    public int resendStoredMessages() {
        if (persistentSqs == null) {
            return 0;
        }
        try (SqsClient client = endpoints.sqsClient()) {
            return persistentSqs.resend(client);
        }
    }

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        if (persistentSqs != null) {
            persistentSqs.close();
        } else {
            sqs.stopAndWait();
        }
        try {
            dynamo.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
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
