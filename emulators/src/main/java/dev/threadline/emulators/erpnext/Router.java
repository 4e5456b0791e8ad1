package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP front of the fake: the agent's page ({@link DeskPage}), fault injection, authentication
 * (erpnext.md §2), routing (erpnext.md §1, §3) and Frappe's error envelope (erpnext.md §5).
 */
final class Router {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ErpNextOptions options;
    private final Api api;
    private final DeskPage desk;
    private final Authentication authentication;
    private final Faults faults;
    private final Consumer<RecordedRequest> log;
    /** Released on close, so that stalled responses end with the fake. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Requests received and not yet handled (a delayed request commits late, as a slow site does). */
    private final AtomicInteger unhandled = new AtomicInteger();

    Router(ErpNextOptions options, Api api, DeskPage desk, Faults faults, Consumer<RecordedRequest> log) {
        this.options = options;
        this.api = api;
        this.desk = desk;
        this.authentication = new Authentication(options);
        this.faults = faults;
        this.log = log;
    }

    void close() {
        closing.countDown();
    }

    int unhandled() {
        return unhandled.get();
    }

    void handle(HttpExchange exchange) throws IOException {
        unhandled.incrementAndGet();
        boolean counted = true;
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
            String path = Paths.decode(exchange.getRequestURI().getRawPath());
            String query = exchange.getRequestURI().getRawQuery();
            Reply reply;
            Faults.Action fault = path.startsWith("/api/") ? faults.take(method, path).orElse(null) : null;
            if (fault instanceof Faults.Action.Delay(Duration delay)) {
                pause(delay);
            }
            if (fault instanceof Faults.Action.Fail(int status)) {
                reply = injectedFailure(status, exchange);
            } else if (fault instanceof Faults.Action.RateLimit(int seconds)) {
                reply = render(FrappeException.bare(429, "TooManyRequestsError", ""), exchange)
                        .withHeader("Retry-After", Integer.toString(seconds))
                        .withHeader("X-RateLimit-Reset", Integer.toString(seconds));
            } else {
                reply = dispatch(exchange, method, path, query, body);
            }
            // Logged once handled: a stalled response is in the log although its client never sees it.
            log.accept(new RecordedRequest(method, path, query, reply.status()));
            unhandled.decrementAndGet();
            counted = false;
            if (fault instanceof Faults.Action.CommitThenStall(Duration stall)) {
                pause(stall);
            }
            send(exchange, reply);
        } finally {
            if (counted) {
                unhandled.decrementAndGet();
            }
        }
    }

    private Reply dispatch(HttpExchange exchange, String method, String path, String query, byte[] body) {
        try {
            Optional<Reply> page = desk.handle(method, path, exchange.getRequestHeaders(), body);
            if (page.isPresent()) {
                return page.get();
            }
            Optional<Paths.Route> route = Paths.route(path, options.version());
            if (route.isEmpty()) {
                throw FrappeException.routeNotFound();
            }
            Session session = authentication.of(exchange.getRequestHeaders().getFirst("Authorization"));
            return switch (route.get()) {
                case Paths.Route.Resource r -> api.resource(session, method, r.doctype(), r.name(),
                        Args.query(query), parseBody(method, body));
                case Paths.Route.Method m -> api.method(session, method, m.path(),
                        Args.of(query, body, exchange.getRequestHeaders().getFirst("Content-Type")));
            };
        } catch (FrappeException e) {
            return render(e, exchange);
        } catch (RuntimeException e) {
            return render(FrappeException.python("", e.getClass().getSimpleName(), String.valueOf(e.getMessage())), exchange);
        }
    }

    /** v1 create/update bodies: the raw JSON ({@code get_request_form_data}); bad JSON is a 500. */
    private static JsonNode parseBody(String method, byte[] body) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw FrappeException.jsonDecode("Expecting value: line 1 column 1 (char 0)");
        }
        return Args.json(JSON.textNode(text));
    }

    private Reply injectedFailure(int status, HttpExchange exchange) {
        return switch (status) {
            case 502, 504 -> Reply.html(status, ErrorBody.proxyPage(status));
            case 500 -> render(FrappeException.bare(500, "QueryDeadlockError",
                    "(1213, 'Deadlock found when trying to get lock; try restarting transaction')"), exchange);
            case 503 -> render(FrappeException.bare(503, "SessionStopped", "Session Stopped"), exchange);
            default -> render(FrappeException.bare(status, switch (status) {
                case 400 -> "CSRFTokenError";
                case 401 -> "AuthenticationError";
                case 403 -> "PermissionError";
                case 404 -> "DoesNotExistError";
                case 409 -> "DuplicateEntryError";
                case 410 -> "LinkExpired";
                case 415 -> "UnsupportedMediaType";
                case 417 -> "ValidationError";
                case 429 -> "TooManyRequestsError";
                default -> "Exception";
            }, "injected by ErpNextFake"), exchange);
        };
    }

    /** JSON for API clients; Frappe's HTML page when {@code Accept} asks for text and not JSON (erpnext.md §1). */
    private Reply render(FrappeException e, HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        String requestedWith = exchange.getRequestHeaders().getFirst("X-Requested-With");
        boolean html = accept != null && accept.startsWith("text") && !accept.contains("application/json")
                && !"XMLHttpRequest".equals(requestedWith);
        return html ? Reply.html(e.status, ErrorBody.html(e)) : Reply.json(e.status, ErrorBody.of(e, options));
    }

    private void pause(Duration duration) {
        try {
            closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
