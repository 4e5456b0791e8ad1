package dev.threadline.faults;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.adapter.whatsapp.WebhookSignature;
import dev.threadline.domain.CustomerKey;
import dev.threadline.faults.Scenario.Msg;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Meta's side of the webhook: builds the Cloud API payload for a burst of one customer's messages,
 * signs it with {@code X-Hub-Signature-256} as Meta does, and POSTs it through intake-fn's real Lambda
 * handler (payload 2.0), once or as concurrent copies.
 *
 * <p>It also keeps what the oracle needs from intake: the order in which messages were first
 * accepted (a 200 means "durably queued"), per customer. That, not the order they were written, is
 * the order ticket-fn must apply them in: Meta's retry of a delivery refused with 503 legitimately
 * arrives after later messages.
 */
final class Meta {

    static final String PHONE_NUMBER_ID = "109876543210987";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final APIGatewayV2HTTPEventFunction intake;
    private final WebhookSignature signature = new WebhookSignature(Stack.APP_SECRET);
    private final Map<Integer, List<String>> accepted = new LinkedHashMap<>();

    Meta(APIGatewayV2HTTPEventFunction intake) {
        this.intake = intake;
    }

    static CustomerKey customer(int c) {
        return new CustomerKey(PHONE_NUMBER_ID, phone(c));
    }

    static String phone(int c) {
        return "4915100000" + String.format("%02d", c);
    }

    /** Per customer, message ids in the order intake first accepted them. */
    Map<Integer, List<String>> acceptedOrder() {
        Map<Integer, List<String>> copy = new LinkedHashMap<>();
        accepted.forEach((c, ids) -> copy.put(c, List.copyOf(ids)));
        return copy;
    }

    /** One POST; returns the status and the summary intake answered. */
    Response post(List<Msg> burst) {
        return send(List.of(burst)).get(0);
    }

    /** {@code copies} POSTs of the same body, all released at once when {@code concurrent}. */
    List<Response> post(List<Msg> burst, int copies, boolean concurrent) {
        if (!concurrent || copies == 1) {
            List<Response> out = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                out.add(post(burst));
            }
            return out;
        }
        List<List<Msg>> all = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            all.add(burst);
        }
        return send(all);
    }

    private List<Response> send(List<List<Msg>> bodies) {
        if (bodies.size() == 1) {
            Response r = call(bodies.get(0));
            record(bodies.get(0), r);
            return List.of(r);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<Msg> body : bodies) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call(body);
                }));
            }
            start.countDown();
            List<Response> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                Response r = futures.get(i).get(30, TimeUnit.SECONDS);
                record(bodies.get(i), r);
                out.add(r);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("concurrent webhook delivery did not finish", e);
        }
    }

    private synchronized void record(List<Msg> burst, Response r) {
        if (r.status() == 200) {
            for (Msg m : burst) {
                List<String> ids = accepted.computeIfAbsent(m.customer(), c -> new ArrayList<>());
                if (!ids.contains(m.id())) {
                    ids.add(m.id());
                }
            }
        }
    }

    private Response call(List<Msg> burst) {
        String body = payload(burst);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("POST /webhooks/whatsapp");
        event.setRawPath("/webhooks/whatsapp");
        event.setRawQueryString("");
        event.setHeaders(Map.of("content-type", "application/json", "user-agent", "facebookexternalua",
                "x-hub-signature-256", signature.sign(body.getBytes(StandardCharsets.UTF_8))));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setPath("/webhooks/whatsapp");
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("173.252.95.10");
        context.setHttp(http);
        context.setRouteKey("POST /webhooks/whatsapp");
        context.setStage("$default");
        event.setRequestContext(context);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        APIGatewayV2HTTPResponse response = intake.handleRequest(event, null);
        JsonNode summary;
        try {
            summary = response.getBody() == null ? JSON.createObjectNode() : JSON.readTree(response.getBody());
        } catch (IOException e) {
            summary = JSON.createObjectNode();
        }
        return new Response(response.getStatusCode(), summary.path("queued").asInt(-1), summary.path("duplicates").asInt(-1));
    }

    /** The Cloud API payload: one entry, one change, one customer's messages in order. */
    static String payload(List<Msg> burst) {
        int c = burst.get(0).customer();
        ObjectNode root = JSON.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode value = root.putArray("entry").addObject().put("id", "201234567890123")
                .putArray("changes").addObject().put("field", "messages").putObject("value");
        value.put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", "4930123456789").put("phone_number_id", PHONE_NUMBER_ID);
        ObjectNode contact = value.putArray("contacts").addObject();
        contact.putObject("profile").put("name", "Customer " + c);
        contact.put("wa_id", phone(c));
        ArrayNode messages = value.putArray("messages");
        for (Msg m : burst) {
            ObjectNode message = messages.addObject().put("from", phone(c)).put("id", m.id())
                    .put("timestamp", Long.toString(m.sentAt().getEpochSecond())).put("type", "text");
            message.putObject("text").put("body", m.text());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What intake answered: the status, and from a 200 how many jobs it queued and how many copies it had seen. */
    record Response(int status, int queued, int duplicates) {}
}
