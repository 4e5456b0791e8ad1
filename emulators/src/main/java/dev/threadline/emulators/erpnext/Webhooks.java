package dev.threadline.emulators.erpnext;

import static dev.threadline.emulators.erpnext.Values.text;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's webhook worker (erpnext.md §10.3), one background thread like one RQ worker: each committed
 * execution is sent with up to 3 attempts. Success is a 2xx. After a read timeout the next attempt
 * starts at once; after any other failure the worker waits {@code 3*i+1} seconds (1, 4, 7, also after
 * the last attempt) through the injected {@link WebhookPause}. Each attempt's timeout is the Webhook's
 * {@code timeout} (5 s by default). Every attempt is logged ({@link #log()}), and tests can make the
 * next attempts fail ({@link #dropNext}, {@link #timeoutNext}) and wait for the worker ({@link #awaitIdle}).
 */
public final class Webhooks implements AutoCloseable {

    /** Headers {@link HttpClient} sets itself and refuses to take from a caller. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final int ATTEMPTS = 3;
    /** Frappe sends with the requests library, which names itself; a configured header row replaces it. */
    private static final String USER_AGENT = "python-requests/2.32.3";

    private final WebhookPause pause;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "erpnext-fake-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final List<WebhookRequestLog> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger drop = new AtomicInteger();
    private final AtomicInteger timeout = new AtomicInteger();
    private final Object idle = new Object();
    private int outstanding;

    Webhooks(WebhookPause pause) {
        this.pause = pause;
    }

    /** Every attempt so far, oldest first. */
    public List<WebhookRequestLog> log() {
        return List.copyOf(log);
    }

    /** The next {@code n} attempts fail as a refused connection: nothing is sent, and the worker waits. */
    public Webhooks dropNext(int n) {
        drop.addAndGet(n);
        return this;
    }

    /** The next {@code n} attempts are sent, then treated as a read timeout: the receiver gets them, the retry follows at once. */
    public Webhooks timeoutNext(int n) {
        timeout.addAndGet(n);
        return this;
    }

    /** Executions committed but not yet finished (delivered or given up). */
    public int pending() {
        synchronized (idle) {
            return outstanding;
        }
    }

    /** Waits until every committed execution has finished; {@code false} if some still run at the deadline. */
    public boolean awaitIdle(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (idle) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** Called once the request's transaction has committed, before its response is sent. */
    void submit(List<WebhookDelivery> deliveries) {
        synchronized (idle) {
            outstanding += deliveries.size();
        }
        for (WebhookDelivery d : deliveries) {
            worker.execute(() -> {
                try {
                    deliver(d);
                } finally {
                    synchronized (idle) {
                        outstanding--;
                        idle.notifyAll();
                    }
                }
            });
        }
    }

    private void deliver(WebhookDelivery d) {
        String body = WebhookPayload.body(d.webhook(), d.doc());
        Map<String, String> headers = WebhookPayload.headers(d.webhook(), d.secret(), body);
        for (int i = 0; i < ATTEMPTS; i++) {
            WebhookRequestLog attempt = attempt(d, body, headers, i + 1);
            log.add(attempt);
            if (attempt.succeeded()) {
                return;
            }
            if (!attempt.error().startsWith("ReadTimeout")) {
                try {
                    pause.pause(Duration.ofSeconds(3L * i + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private WebhookRequestLog attempt(WebhookDelivery d, String body, Map<String, String> headers, int number) {
        String url = text(d.webhook(), "request_url").strip();
        Attempt a = new Attempt(d, url, headers, body, number);
        if (take(drop)) {
            return a.result(false, 0, "", "ConnectionError: refused (injected by ErpNextFake)");
        }
        boolean injectedTimeout = take(timeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(Math.max(1, Values.cint(d.webhook().get("timeout")))))
                .method(text(d.webhook(), "request_method"), HttpRequest.BodyPublishers.ofString(body))
                .header("User-Agent", USER_AGENT);
        headers.forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                request.setHeader(k, v);
            }
        });
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (injectedTimeout) {
                return a.result(true, 0, "", "ReadTimeout (injected by ErpNextFake)");
            }
            int status = response.statusCode();
            return a.result(true, status, response.body(), status / 100 == 2 ? "" : "HTTPError: " + status);
        } catch (HttpConnectTimeoutException e) {
            return a.result(false, 0, "", "ConnectTimeout");
        } catch (HttpTimeoutException e) {
            return a.result(true, 0, "", "ReadTimeout");
        } catch (IOException | IllegalArgumentException e) {
            return a.result(false, 0, "", "ConnectionError: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return a.result(false, 0, "", "Interrupted");
        }
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /** What every log entry of one attempt shares. */
    private record Attempt(WebhookDelivery d, String url, Map<String, String> headers, String body, int number) {
        WebhookRequestLog result(boolean sent, int status, String response, String error) {
            return new WebhookRequestLog(text(d.webhook(), "name"), text(d.doc(), "doctype"), text(d.doc(), "name"),
                    url, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers)), body, sent, status, response, error, number);
        }
    }
}
