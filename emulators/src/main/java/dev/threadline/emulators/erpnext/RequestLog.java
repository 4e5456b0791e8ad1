package dev.threadline.emulators.erpnext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The requests the fake has handled (the last 10,000) and how many each route had. */
final class RequestLog {

    private static final int LIMIT = 10_000;

    private final FrappeVersion version;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final Map<String, AtomicInteger> routeCounts = new ConcurrentHashMap<>();

    RequestLog(FrappeVersion version) {
        this.version = version;
    }

    void record(RecordedRequest request) {
        routeCounts.computeIfAbsent(Paths.routeKey(request.method(), request.path(), version),
                k -> new AtomicInteger()).incrementAndGet();
        synchronized (requests) {
            requests.addLast(request);
            if (requests.size() > LIMIT) {
                requests.removeFirst();
            }
        }
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    int count(String method, String pathPrefix) {
        return (int) requests().stream()
                .filter(r -> (method == null || r.method().equalsIgnoreCase(method)) && Paths.under(r.path(), pathPrefix))
                .count();
    }

    Map<String, Integer> routeCounts() {
        Map<String, Integer> out = new TreeMap<>();
        routeCounts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
