package dev.threadline.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP proxy in front of a real AWS-protocol server that can make chosen operations fail, for
 * fault-injection tests. Operations are matched on the {@code X-Amz-Target} header of AWS's JSON
 * protocols (e.g. {@code AmazonSQS.SendMessageBatch}, {@code DynamoDB_20120810.PutItem}). It counts
 * calls per operation, and hands every forwarded exchange to an {@link Observer} (the benchmarks
 * compute DynamoDB capacity units from the wire that way).
 */
public final class FaultProxy implements AutoCloseable {

    /** Sees each exchange the proxy forwarded, before the caller gets the response; injected failures are not forwarded. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param operation the X-Amz-Target suffix (e.g. {@code PutItem}), or null for a request without one
         */
        void exchanged(String operation, byte[] request, int status, byte[] response);
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final Observer observer;
    private final AtomicReference<String> failingOperation = new AtomicReference<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final java.util.Map<String, AtomicInteger> operations = new java.util.concurrent.ConcurrentHashMap<>();

    private FaultProxy(URI target, Observer observer) {
        this.target = target;
        this.observer = observer;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FaultProxy inFrontOf(URI target) {
        return new FaultProxy(target, (operation, request, status, response) -> { });
    }

    public static FaultProxy inFrontOf(URI target, Observer observer) {
        return new FaultProxy(target, observer);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every call of {@code operation} (an X-Amz-Target suffix) answers 500 until {@link #heal()}. */
    public void fail(String operation) {
        failingOperation.set(operation);
    }

    public void heal() {
        failingOperation.set(null);
    }

    /** How many calls were failed on purpose. */
    public int injectedFailures() {
        return injected.get();
    }

    /** How many calls of {@code operation} (e.g. {@code Scan}) passed through. */
    public int calls(String operation) {
        AtomicInteger count = operations.get(operation);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = amzTarget == null ? null : amzTarget.substring(amzTarget.indexOf('.') + 1);
            if (operation != null) {
                operations.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            }
            String failing = failingOperation.get();
            if (failing != null && amzTarget != null && amzTarget.endsWith("." + failing)) {
                injected.incrementAndGet();
                byte[] error = "{\"__type\":\"com.amazonaws#InternalFailure\",\"message\":\"injected by FaultProxy\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            observer.exchanged(operation, body, response.statusCode(), response.body());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
