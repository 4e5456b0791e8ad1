package dev.threadline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.adapter.whatsapp.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Meta's webhook as README's curl example sends it, signed with the local stack's app secret; and polling. */
final class Webhooks {

    static final String PHONE_NUMBER_ID = "109876543210987";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Webhooks() {}

    /** One text message from {@code waId}, in Meta's envelope. */
    static byte[] text(String waId, String wamid, Instant sentAt, String text) {
        ObjectNode value = JSON.createObjectNode().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "15550001111").put("phone_number_id", PHONE_NUMBER_ID);
        value.putArray("contacts").addObject().put("wa_id", waId).putObject("profile").put("name", "Customer " + waId);
        ObjectNode message = value.putArray("messages").addObject().put("from", waId).put("id", wamid)
                .put("timestamp", Long.toString(sentAt.getEpochSecond())).put("type", "text");
        message.putObject("text").put("body", text);
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode change = root.putArray("entry").addObject().put("id", "1").putArray("changes").addObject();
        change.put("field", "messages").set("value", value);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** POSTs a signed webhook; the status code. */
    static int post(String baseUrl, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/whatsapp"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", new WebhookSignature(Stack.DEFAULT_APP_SECRET).sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls {@code condition} every 50 ms until it holds; fails with {@code what} at the deadline. */
    static void await(Duration deadline, String what, BooleanSupplier condition) {
        Instant until = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll, not a fixed wait
        }
    }
}
