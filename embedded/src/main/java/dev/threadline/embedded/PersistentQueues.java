package dev.threadline.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * ElasticMQ whose messages survive a kill -9. ElasticMQ's own SQL persistence ({@code messages-storage},
 * {@link SqlQueuePersistenceActor}) writes every change of a message to a file-backed H2 database before
 * the SQS call that made it is answered; {@code WRITE_DELAY=0} makes H2 write each commit to the file at
 * once instead of within a second. So a job SQS acknowledged to intake is on disk.
 *
 * <p>The previous run's messages are sent again rather than restored: ElasticMQ 1.7.1 restores them as
 * plain (non-FIFO) messages with their old visibility, so a job that was in flight at the kill would
 * stay hidden for the whole visibility timeout and a customer's jobs would lose their FIFO order and
 * group lock. {@link #hold} moves them aside in one transaction before ElasticMQ starts; {@link #resend}
 * sends them, oldest first, once the queues exist. A crash during the re-send sends a job twice at worst,
 * and ticket-fn drops what it has applied. Receive counts start again.
 */
final class PersistentQueues {

    private static final String USER = "threadline";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ElasticMQ's SQL persistence is one connection pool per JVM (scalikejdbc's singleton). */
    private static String openedUrl;

    private final ActorSystem system;
    private final SQSRestServer server;
    private final String url;

    private PersistentQueues(ActorSystem system, SQSRestServer server, String url) {
        this.system = system;
        this.server = server;
        this.url = url;
    }

    static synchronized PersistentQueues start(Path dir, String host, int port, String region) {
        String url = "jdbc:h2:file:" + dir.resolve("elasticmq").toAbsolutePath() + ";WRITE_DELAY=0";
        if (openedUrl != null && !openedUrl.equals(url)) {
            throw new IllegalStateException("this JVM already keeps its queues in " + openedUrl);
        }
        hold(url);
        openedUrl = url;
        ActorSystem system = ActorSystem.create("elasticmq");
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, USER, "", false);
        scala.collection.immutable.List<CreateQueueMetadata> noQueues = scala.collection.immutable.List$.MODULE$.empty();
        ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                () -> new SqlQueuePersistenceActor(config, noQueues)));
        SQSRestServer server = SQSRestServerBuilder.withActorSystem(system).withQueueEventListener(store)
                .withInterface(host).withPort(port).withAWSRegion(region).start();
        server.waitUntilStarted();
        return new PersistentQueues(system, server, url);
    }

    /**
     * Moves every stored message into {@code threadline_resend}, in queue order, and forgets the queues:
     * the provisioner creates them again with today's settings.
     */
    private static void hold(String url) {
        try (Connection db = DriverManager.getConnection(url, USER, ""); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            sql.execute("CREATE TABLE IF NOT EXISTS threadline_resend (seq BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " queue_name VARCHAR, content BLOB, attributes BLOB, group_id VARCHAR, deduplication_id VARCHAR)");
            sql.execute("CREATE TABLE IF NOT EXISTS queue (name VARCHAR UNIQUE, data BLOB)"); // as ElasticMQ does
            List<String> queues = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT name FROM queue")) {
                while (rows.next()) {
                    queues.add(rows.getString(1));
                }
            }
            for (String queue : queues) {
                String table = messageTable(queue);
                if (!db.getMetaData().getTables(null, null, table.toUpperCase(), null).next()) {
                    continue;
                }
                try (PreparedStatement copy = db.prepareStatement("INSERT INTO threadline_resend"
                        + " (queue_name, content, attributes, group_id, deduplication_id)"
                        + " SELECT ?, content, attributes, group_id, deduplication_id FROM " + table
                        + " ORDER BY created, CAST(sequence_number AS BIGINT), message_id")) {
                    copy.setString(1, queue);
                    copy.executeUpdate();
                }
                sql.execute("DELETE FROM " + table);
            }
            sql.execute("DELETE FROM queue");
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored queues in " + url, e);
        }
    }

    /** Sends the held messages to the queues of the same name, oldest first; returns how many. */
    int resend(SqsClient sqs) {
        int sent = 0;
        try (Connection db = DriverManager.getConnection(url, USER, "");
             Statement sql = db.createStatement();
             ResultSet rows = sql.executeQuery("SELECT seq, queue_name, content, attributes, group_id, deduplication_id"
                     + " FROM threadline_resend ORDER BY seq");
             PreparedStatement done = db.prepareStatement("DELETE FROM threadline_resend WHERE seq = ?")) {
            Map<String, String> urls = new HashMap<>();
            while (rows.next()) {
                String queueUrl = urls.computeIfAbsent(rows.getString("queue_name"),
                        name -> sqs.getQueueUrl(b -> b.queueName(name)).queueUrl());
                String body = new String(rows.getBytes("content"), StandardCharsets.UTF_8);
                Map<String, MessageAttributeValue> attributes = attributes(rows.getBytes("attributes"));
                String group = rows.getString("group_id");
                String deduplication = rows.getString("deduplication_id");
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(attributes)
                        .messageGroupId(group).messageDeduplicationId(deduplication));
                done.setLong(1, rows.getLong("seq"));
                done.executeUpdate();
                sent++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot re-send the stored messages in " + url, e);
        }
        return sent;
    }

    void close() {
        server.stopAndWait();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    /** ElasticMQ's MessageRepository table name for a queue. */
    private static String messageTable(String queue) {
        return "message_" + queue.replace(".", "_").replace("-", "_") + "_" + Integer.toHexString(queue.hashCode());
    }

    /** ElasticMQ stores message attributes as a JSON list of {key, primaryDataType, stringValue, customType}. */
    private static Map<String, MessageAttributeValue> attributes(byte[] stored) {
        Map<String, MessageAttributeValue> out = new HashMap<>();
        try {
            for (JsonNode a : JSON.readTree(stored)) {
                String type = a.path("primaryDataType").asText();
                String fullType = a.hasNonNull("customType") ? type + "." + a.path("customType").asText() : type;
                String value = a.path("stringValue").asText();
                out.put(a.path("key").asText(), type.equals("Binary")
                        ? MessageAttributeValue.builder().dataType(fullType)
                                .binaryValue(SdkBytes.fromByteArray(Base64.getDecoder().decode(value))).build()
                        : MessageAttributeValue.builder().dataType(fullType).stringValue(value).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored message attributes", e);
        }
        return out;
    }
}
