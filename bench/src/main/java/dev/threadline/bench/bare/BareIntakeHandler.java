package dev.threadline.bench.bare;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The cold-start floor for intake-fn: no framework, the same two AWS calls (the ledger's conditional
 * PutItem, then one SendMessageBatch entry), the signature checked with the JDK's HMAC and the wamid
 * cut out of the body by hand. Not a drop-in intake (one message per POST, no JSON parser): it shows
 * what the JVM and the SDK cost on their own.
 */
public class BareIntakeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamo = BareClients.dynamo();
    private final SqsClient sqs = BareClients.sqs();
    private final String table = BareClients.env("TABLE_NAME");
    private final String queueUrl = BareClients.env("QUEUE_URL");
    private final byte[] secret = BareClients.env("WHATSAPP_APP_SECRET").getBytes(StandardCharsets.UTF_8);

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        byte[] body = event.getBody().getBytes(StandardCharsets.UTF_8);
        String signature = event.getHeaders().get("x-hub-signature-256");
        if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), sign(body))) {
            return response(401, "{\"error\":\"bad signature\"}");
        }
        String text = event.getBody();
        int message = text.indexOf("\"messages\":[");
        String wamid = value(text, "\"id\":\"", message);
        String from = value(text, "\"from\":\"", message);
        long now = System.currentTimeMillis() / 1000;
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS("MSG#" + wamid), "sk", AttributeValue.fromS("MSG"),
                            "state", AttributeValue.fromS("RECEIVED"), "received_at", AttributeValue.fromN(Long.toString(now)),
                            "expires_at", AttributeValue.fromN(Long.toString(now + Duration.ofDays(8).toSeconds()))))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException duplicate) {
            return response(200, "{\"received\":1,\"queued\":0}");
        }
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(e -> e.id("0").messageBody(text)
                .messageGroupId(from).messageDeduplicationId(sha256(wamid))));
        return response(200, "{\"received\":1,\"queued\":1}");
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The string value after {@code marker}, searching from {@code from}. */
    private static String value(String json, String marker, int from) {
        int start = json.indexOf(marker, from) + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    private static APIGatewayV2HTTPResponse response(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withBody(body)
                .withHeaders(Map.of("Content-Type", "application/json")).build();
    }
}
