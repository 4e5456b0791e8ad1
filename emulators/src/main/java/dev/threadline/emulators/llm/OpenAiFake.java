package dev.threadline.emulators.llm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat completions server for tests and the local runner: JDK {@link HttpServer} on a free
 * loopback port, one virtual thread per request.
 *
 * <p>Serves {@code POST /v1/chat/completions} (non-streaming), {@code GET /v1/models} and {@code POST
 * /v1/audio/transcriptions} ({@link Transcriptions}). The answer text comes from a responder ({@link
 * RuleBasedResponder} unless {@link #respondWith replaced}); the response document has OpenAI's shape ({@code id},
 * {@code object}, {@code created}, {@code model}, {@code choices[0].message.content}, {@code finish_reason}, {@code
 * usage}; {@code logprobs} is always null). Like OpenAI it answers 400 for a request without {@code model} or
 * {@code messages}, or with {@code response_format: json_object} when no message mentions JSON; 401 when {@link
 * #requireApiKey} is set and the bearer token differs; 404 for a model outside {@link #serveOnly}. Output is cut at
 * {@code max_tokens} (counted as whitespace-separated words) with {@code finish_reason: "length"}.
 *
 * <p>Faults apply to the next chat completion requests, one each, in the order they were queued, before any of the
 * checks above: {@link #failNext}, {@link #delayNext} (then answered normally), {@link #garbageNext}, {@link
 * #malformedNext}. Every chat completion request that parses as JSON is {@linkplain #requests() recorded}, faulted
 * or not. Not modelled: streaming, tools, {@code n > 1}, rate-limit headers.
 */
public final class OpenAiFake implements AutoCloseable {

    /** What {@link #garbageNext} answers: a chatty model ignoring the format. */
    public static final String GARBAGE = "Sure! Here is what I think about this conversation: it is interesting.";

    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentLinkedQueue<ChatFault> faults = new ConcurrentLinkedQueue<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<ChatRequest, String> responder = new RuleBasedResponder();
    private volatile String requiredApiKey;
    private volatile Set<String> servedModels = Set.of();
    private final Transcriptions transcriptions = new Transcriptions();

    private OpenAiFake() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake that answers with {@link RuleBasedResponder}. */
    public static OpenAiFake start() {
        return new OpenAiFake();
    }

    /** Starts a fake that answers with {@code responder}. */
    public static OpenAiFake start(Function<ChatRequest, String> responder) {
        return new OpenAiFake().respondWith(responder);
    }

    /** {@code http://127.0.0.1:<port>}; the OpenAI base URL is this plus {@code /v1}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    /** The answer text for each following request. */
    public OpenAiFake respondWith(Function<ChatRequest, String> responder) {
        this.responder = Objects.requireNonNull(responder);
        return this;
    }

    /** Answers 401 unless the request carries {@code Authorization: Bearer <key>}; {@code null} turns it off. */
    public OpenAiFake requireApiKey(String key) {
        this.requiredApiKey = key;
        return this;
    }

    /** Answers 404 {@code model_not_found} for any other model; no arguments accepts every model. */
    public OpenAiFake serveOnly(String... models) {
        this.servedModels = Set.copyOf(Arrays.asList(models));
        return this;
    }

    /** The next {@code n} requests get {@code status} with an OpenAI-shaped error body. */
    public OpenAiFake failNext(int n, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error, got " + status);
        }
        return queue(n, new ChatFault.Fail(status));
    }

    /** The next {@code n} requests are answered normally after {@code delay} (or when the fake closes). */
    public OpenAiFake delayNext(int n, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        return queue(n, new ChatFault.Delay(delay));
    }

    /** The next {@code n} requests get a well-formed completion whose content is {@link #GARBAGE}. */
    public OpenAiFake garbageNext(int n) {
        return queue(n, new ChatFault.Garbage());
    }

    /** The next {@code n} requests get 200 with a body that is not JSON (a broken proxy). */
    public OpenAiFake malformedNext(int n) {
        return queue(n, new ChatFault.Malformed());
    }

    /** {@code POST /v1/audio/transcriptions}: its transcript, faults and requests. */
    public Transcriptions transcriptions() {
        return transcriptions;
    }

    /** Every chat completion request received, oldest first. */
    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** The most recent chat completion request. */
    public ChatRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no chat completion request was received");
        }
        return requests.get(requests.size() - 1);
    }

    /** Forgets requests, pending faults and settings; the responder is the rule-based one again. */
    public void reset() {
        requests.clear();
        faults.clear();
        responder = new RuleBasedResponder();
        requiredApiKey = null;
        servedModels = Set.of();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    private OpenAiFake queue(int n, ChatFault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive");
        }
        for (int i = 0; i < n; i++) {
            faults.add(fault);
        }
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes(); // closed with the exchange
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/models") && method.equals("GET")) {
                ChatDocuments.send(exchange, 200, ChatDocuments.models(servedModels));
            } else if (path.equals("/v1/chat/completions") && method.equals("POST")) {
                chatCompletion(exchange, in);
            } else if (path.equals("/v1/audio/transcriptions") && method.equals("POST")) {
                transcriptions.handle(exchange, in);
            } else if (path.equals("/v1/chat/completions") || path.equals("/v1/models")) {
                ChatDocuments.send(exchange, 405, ChatDocuments.error("Method not allowed", "invalid_request_error", null));
            } else {
                ChatDocuments.send(exchange, 404, ChatDocuments.error("Unknown path " + path, "invalid_request_error", "unknown_url"));
            }
        } catch (IOException clientGone) {
            // The client timed out and closed the connection: nothing to answer.
        }
    }

    private void chatCompletion(HttpExchange exchange, byte[] in) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(in);
        } catch (JacksonException e) {
            ChatDocuments.send(exchange, 400, ChatDocuments.error("We could not parse the JSON body of your request.", "invalid_request_error", null));
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        ChatRequest request = new ChatRequest(body.path("model").asText(null), ChatDocuments.messages(body), authorization, body);
        requests.add(request);

        ChatFault fault = faults.poll();
        if (fault instanceof ChatFault.Delay delay) {
            try {
                closed.await(delay.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } else if (fault instanceof ChatFault.Fail fail) {
            ChatDocuments.send(exchange, fail.status(), ChatDocuments.error("Injected failure", fail.status() >= 500 ? "server_error"
                    : "invalid_request_error", null));
            return;
        } else if (fault instanceof ChatFault.Malformed) {
            ChatDocuments.sendRaw(exchange, 200, "text/html", "<html><body>502 Bad Gateway</body></html>");
            return;
        }

        String invalid = ChatDocuments.invalid(request);
        if (invalid != null) {
            ChatDocuments.send(exchange, 400, ChatDocuments.error(invalid, "invalid_request_error", null));
            return;
        }
        if (requiredApiKey != null && !("Bearer " + requiredApiKey).equals(authorization)) {
            ChatDocuments.send(exchange, 401, ChatDocuments.error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
            return;
        }
        if (!servedModels.isEmpty() && !servedModels.contains(request.model())) {
            ChatDocuments.send(exchange, 404, ChatDocuments.error("The model `" + request.model() + "` does not exist.", "invalid_request_error",
                    "model_not_found"));
            return;
        }
        String content;
        try {
            content = fault instanceof ChatFault.Garbage ? GARBAGE : responder.apply(request);
        } catch (RuntimeException e) {
            ChatDocuments.send(exchange, 500, ChatDocuments.error("The responder failed: " + e, "server_error", null));
            return;
        }
        ChatDocuments.send(exchange, 200, ChatDocuments.completion(request, content, ids.incrementAndGet()));
    }
}
