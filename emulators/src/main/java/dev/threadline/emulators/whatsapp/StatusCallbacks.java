package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Status webhooks for accepted sends (whatsapp.md §2.6), posted signed (whatsapp.md §3) on one
 * background thread, so in the order they were produced and never on the sender's thread: like
 * Meta's, they can reach the receiver before the send's own answer does. A message goes
 * {@code sent → delivered → read}, or straight to {@code failed}. Not modelled: Meta's retries of a
 * status the receiver refused, batching, {@code played}.
 */
final class StatusCallbacks implements AutoCloseable {

    private static final List<String> PROGRESSION = List.of("sent", "delivered", "read");

    private record Track(Payloads.Business business, SentMessage message, GraphError failure, int posted) {
        String next() {
            if (failure != null) {
                return posted == 0 ? "failed" : null;
            }
            return posted < PROGRESSION.size() ? PROGRESSION.get(posted) : null;
        }
    }

    private final URI webhook;
    private final HubSignature signer;
    private final Payloads payloads;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService poster = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "whatsapp-fake-status-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final List<StatusCallback> posted = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private int pending;

    StatusCallbacks(URI webhook, HubSignature signer, Payloads payloads, Clock clock) {
        this.webhook = webhook;
        this.signer = signer;
        this.payloads = payloads;
        this.clock = clock;
    }

    /** Starts tracking an accepted message; {@code automatic} posts its whole progression now. */
    void accepted(Payloads.Business business, SentMessage message, GraphError failure, boolean automatic) {
        tracks.put(message.wamid(), new Track(business, message, failure, 0));
        if (automatic) {
            while (advance(message.wamid()) != null) {
                // each call queues one status
            }
        }
    }

    /** Queues the message's next status; returns it, or null when the progression is complete. */
    String advance(String wamid) {
        Track[] before = new Track[1];
        Track after = tracks.computeIfPresent(wamid, (id, t) -> {
            before[0] = t;
            return t.next() == null ? t : new Track(t.business(), t.message(), t.failure(), t.posted() + 1);
        });
        if (after == null) {
            throw new IllegalArgumentException("no accepted message " + wamid);
        }
        String status = before[0].next();
        if (status != null) {
            queue(before[0], status);
        }
        return status;
    }

    /** Queues {@code status} for the message out of its progression (e.g. {@code read} before {@code delivered}). */
    void post(String wamid, String status) {
        Track track = tracks.get(wamid);
        if (track == null) {
            throw new IllegalArgumentException("no accepted message " + wamid);
        }
        queue(track, status);
    }

    List<StatusCallback> posted() {
        return List.copyOf(posted);
    }

    /** Returns once every queued status was posted; fails after {@code timeout}. */
    void awaitDelivered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(pending + " status webhooks still undelivered after " + timeout);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for status webhooks", e);
                }
            }
        }
    }

    private void queue(Track track, String status) {
        GraphError error = status.equals("failed") ? track.failure() : null;
        ObjectNode payload = payloads.status(track.business(), track.message(), status, error, clock.instant());
        synchronized (lock) {
            pending++;
        }
        poster.execute(() -> {
            try {
                deliver(track.message(), status, error, Payloads.bytes(payload));
            } finally {
                synchronized (lock) {
                    pending--;
                    lock.notifyAll();
                }
            }
        });
    }

    private void deliver(SentMessage message, String status, GraphError error, byte[] body) {
        String signature = signer.sign(body);
        int answer = 0;
        if (webhook != null) {
            try {
                answer = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                answer = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = -1;
            }
        }
        posted.add(new StatusCallback(message.wamid(), status, message.callbackData(), error == null ? 0 : error.code(),
                new String(body, StandardCharsets.UTF_8), signature, answer));
    }

    @Override
    public void close() {
        poster.shutdownNow();
        http.close();
    }
}
