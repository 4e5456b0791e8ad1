package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Graph API routes: {@code POST /{version}/{phone-number-id}/messages} (whatsapp.md §5, §6),
 * {@code GET /{version}/{media-id}} and the download URLs it hands out (whatsapp.md §7). Holds what
 * the sends need: the customers' windows, the record of attempts and accepted sends.
 */
final class GraphApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MESSAGES = Pattern.compile("/(v\\d+\\.\\d+)/(\\d+)/messages");
    private static final Pattern MEDIA = Pattern.compile("/(v\\d+\\.\\d+)/(\\d+)");
    private static final Duration WINDOW = Duration.ofHours(24);

    private final Settings settings;
    private final SendRequests validator;
    private final SendFaults faults;
    private final StatusCallbacks statuses;
    private final MediaStore media;
    private final CountDownLatch closed;
    private final Map<String, Instant> lastInbound = new ConcurrentHashMap<>();
    private final List<SendAttempt> attempts = new CopyOnWriteArrayList<>();
    private final List<SentMessage> sent = new CopyOnWriteArrayList<>();

    GraphApi(Settings settings, SendFaults faults, StatusCallbacks statuses, MediaStore media, CountDownLatch closed) {
        this.settings = settings;
        this.validator = new SendRequests(settings.templates());
        this.faults = faults;
        this.statuses = statuses;
        this.media = media;
        this.closed = closed;
    }

    void customerWrote(String phoneNumberId, String waId, Instant at) {
        lastInbound.merge(phoneNumberId + ":" + waId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    List<SendAttempt> attempts() {
        return List.copyOf(attempts);
    }

    List<SentMessage> sent() {
        return List.copyOf(sent);
    }

    void handle(HttpExchange exchange, String baseUrl) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Matcher send = MESSAGES.matcher(path);
        Matcher lookup = MEDIA.matcher(path);
        if (method.equals("POST") && send.matches()) {
            messages(exchange, send.group(2), in);
        } else if (method.equals("GET") && lookup.matches()) {
            lookup(exchange, lookup.group(2), baseUrl);
        } else if (method.equals("GET") && path.equals(MediaStore.DOWNLOAD_PATH)) {
            download(exchange);
        } else {
            Http.json(exchange, 400, GraphError.of(100).withDetails("Unsupported " + method + " request.").responseBody(trace()));
        }
    }

    private void messages(HttpExchange exchange, String phoneNumberId, byte[] in) throws IOException {
        JsonNode body = parse(in);
        SendFaults.Fault fault = faults.take();
        if (fault instanceof SendFaults.Fault.Html html) {
            attempts.add(new SendAttempt(phoneNumberId, body, html.status(), 0));
            Http.send(exchange, html.status(), "text/html", "<html><body><h1>" + html.status()
                    + " Internal Server Error</h1></body></html>");
            return;
        }
        if (fault instanceof SendFaults.Fault.Graph graph) {
            refuse(exchange, phoneNumberId, body, graph.error());
            return;
        }
        if (!authorized(exchange)) {
            refuse(exchange, phoneNumberId, body, GraphError.of(190));
            return;
        }
        SendRequests.Valid valid;
        try {
            valid = validator.validate(body == null ? JsonNodeFactory.instance.nullNode() : body);
        } catch (SendRequests.Rejected rejected) {
            refuse(exchange, phoneNumberId, body, rejected.error);
            return;
        }
        GraphError failure = fault instanceof SendFaults.Fault.FailAfterAccept f ? f.error() : null;
        if (failure == null && valid.type().equals("text") && !insideWindow(phoneNumberId, valid.waId())) {
            if (settings.outsideWindow() == WhatsAppCloudFakeBuilder.OutsideWindow.REFUSE) {
                refuse(exchange, phoneNumberId, body, GraphError.of(131047));
                return;
            }
            failure = GraphError.of(131047); // Meta accepts it, then reports it failed (whatsapp.md §5)
        }
        SentMessage message = accept(phoneNumberId, valid, failure);
        attempts.add(new SendAttempt(phoneNumberId, body, 200, 0));
        if (fault instanceof SendFaults.Fault.Stall stall) {
            await(stall.stall());
        }
        Http.json(exchange, 200, success(valid, message.wamid()));
    }

    private SentMessage accept(String phoneNumberId, SendRequests.Valid v, GraphError failure) {
        SentMessage message = new SentMessage(phoneNumberId, v.to(), v.waId(), v.type(), v.body(), v.template(),
                v.language(), v.parameters(), v.callbackData(), v.previewUrl(), WhatsAppCloudFake.newWamid(),
                settings.clock().instant());
        sent.add(message);
        statuses.accepted(settings.business(phoneNumberId), message, failure,
                settings.statuses() == WhatsAppCloudFakeBuilder.Statuses.AUTOMATIC);
        return message;
    }

    private boolean insideWindow(String phoneNumberId, String waId) {
        Instant last = lastInbound.get(phoneNumberId + ":" + waId);
        return last != null && settings.clock().instant().isBefore(last.plus(WINDOW));
    }

    private void refuse(HttpExchange exchange, String phoneNumberId, JsonNode body, GraphError error) throws IOException {
        attempts.add(new SendAttempt(phoneNumberId, body, error.httpStatus(), error.code()));
        Http.json(exchange, error.httpStatus(), error.responseBody(trace()));
    }

    private static ObjectNode success(SendRequests.Valid valid, String wamid) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("messaging_product", "whatsapp");
        root.putArray("contacts").addObject().put("input", valid.to()).put("wa_id", valid.waId());
        ObjectNode message = root.putArray("messages").addObject().put("id", wamid);
        if (valid.type().equals("template")) {
            message.put("message_status", "accepted");
        }
        return root;
    }

    private void lookup(HttpExchange exchange, String mediaId, String baseUrl) throws IOException {
        if (!authorized(exchange)) {
            Http.json(exchange, 401, GraphError.of(190).responseBody(trace()));
            return;
        }
        ObjectNode answer = media.lookup(mediaId, baseUrl);
        if (answer == null) {
            Http.json(exchange, 400, GraphError.of(100).withDetails("Unsupported get request. Object with ID '"
                    + mediaId + "' does not exist.").responseBody(trace()));
            return;
        }
        Http.json(exchange, 200, answer);
    }

    private void download(HttpExchange exchange) throws IOException {
        MediaStore.Media m = authorized(exchange) ? media.download(Http.query(exchange, "hash")) : null;
        if (m == null) { // expired, unknown, or without the Bearer header: Meta answers 404 (whatsapp.md §7)
            Http.send(exchange, 404, "text/plain", "Not Found");
            return;
        }
        Http.bytes(exchange, 200, m.mimeType(), m.bytes());
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + settings.accessToken()).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
    }

    private void await(Duration stall) {
        try {
            closed.await(stall.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parse(byte[] in) {
        try {
            return JSON.readTree(in);
        } catch (IOException notJson) { // a Jackson parse error is one
            return null;
        }
    }

    private static String trace() {
        return "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }
}
