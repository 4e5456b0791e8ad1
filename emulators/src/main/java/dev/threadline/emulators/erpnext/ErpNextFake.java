package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory ERPNext site behind Frappe's v1 REST API, on a loopback port: the Issue, Communication,
 * Comment, Custom Field, Issue Priority and Issue Type doctypes with Frappe's status codes, error
 * bodies, naming and validation order, as {@code docs/contracts/erpnext.md} describes them (its
 * checklist, erpnext.md §14). Tests use it with {@link #faults()} and the inspection methods; the local runner
 * uses it as the embedded ERPNext emulator, with a read-only viewer at {@link #baseUrl()}{@code /}.
 *
 * <p>Thread-safe: each request is one transaction under a site-wide lock, validated before anything
 * is written. Not modelled: SLAs, webhooks, e-mail, child tables, v2 API, sessions and CSRF.
 */
public final class ErpNextFake implements AutoCloseable {

    /** The Frappe major version whose small differences the fake shows (erpnext.md §12). */
    public enum Version { V14, V15 }

    /** One request as the fake answered it; {@code path} is URL-decoded, {@code query} raw. */
    public record RecordedRequest(String method, String path, String query, int status) {}

    /**
     * How the site is set up.
     *
     * @param user the API key's user (an e-mail address, as Frappe user ids are)
     * @param roles that user's roles; the default holds System Manager, Support Team and Inbox User
     * @param priorities the Issue Priority records (the setup wizard's Low, Medium, High by default)
     * @param issueTypes the Issue Type records (none by default)
     * @param threadlineFields whether the four Threadline Custom Fields exist already ("set up")
     * @param tracebacks System Settings {@code allow_error_traceback}: {@code exception} and {@code exc}
     * @param timeZone the site's system timezone, for {@code creation}/{@code modified} and names
     * @param stall how long {@link Faults#commitThenTimeoutNext(int)} holds a response
     * @param port 0 for a free port
     */
    public record Options(String apiKey, String apiSecret, String user, Set<String> roles, List<String> priorities,
                          List<String> issueTypes, boolean threadlineFields, Version version, boolean tracebacks,
                          Clock clock, ZoneId timeZone, Duration stall, int port) {

        public Options {
            roles = Set.copyOf(roles);
            priorities = List.copyOf(priorities);
            issueTypes = List.copyOf(issueTypes);
        }

        public static Options defaults() {
            return new Options("threadline-key", "threadline-secret", "threadline@example.com",
                    StandardDoctypes.ALL_ROLES, List.of("Low", "Medium", "High"), List.of(), false, Version.V15, true,
                    Clock.systemUTC(), ZoneOffset.UTC, Duration.ofSeconds(30), 0);
        }

        public Options withCredentials(String key, String secret) {
            return with(o -> {
                o.apiKey = key;
                o.apiSecret = secret;
            });
        }

        public Options withUser(String value) {
            return with(o -> o.user = value);
        }

        public Options withRoles(String... value) {
            return with(o -> o.roles = Set.of(value));
        }

        public Options withPriorities(String... value) {
            return with(o -> o.priorities = List.of(value));
        }

        public Options withIssueTypes(String... value) {
            return with(o -> o.issueTypes = List.of(value));
        }

        /** A site where {@code setup-erpnext} has run: the four Threadline Custom Fields exist. */
        public Options withThreadlineFields() {
            return with(o -> o.threadlineFields = true);
        }

        public Options withVersion(Version value) {
            return with(o -> o.version = value);
        }

        public Options withoutTracebacks() {
            return with(o -> o.tracebacks = false);
        }

        public Options withClock(Clock value, ZoneId zone) {
            return with(o -> {
                o.clock = value;
                o.timeZone = zone;
            });
        }

        public Options withStall(Duration value) {
            return with(o -> o.stall = value);
        }

        public Options withPort(int value) {
            return with(o -> o.port = value);
        }

        private Options with(java.util.function.Consumer<Draft> change) {
            Draft d = new Draft(this);
            change.accept(d);
            return new Options(d.apiKey, d.apiSecret, d.user, d.roles, d.priorities, d.issueTypes, d.threadlineFields,
                    d.version, d.tracebacks, d.clock, d.timeZone, d.stall, d.port);
        }

        /** A mutable copy, so that each wither names only what it changes. */
        private static final class Draft {
            String apiKey;
            String apiSecret;
            String user;
            Set<String> roles;
            List<String> priorities;
            List<String> issueTypes;
            boolean threadlineFields;
            Version version;
            boolean tracebacks;
            Clock clock;
            ZoneId timeZone;
            Duration stall;
            int port;

            Draft(Options o) {
                apiKey = o.apiKey;
                apiSecret = o.apiSecret;
                user = o.user;
                roles = o.roles;
                priorities = o.priorities;
                issueTypes = o.issueTypes;
                threadlineFields = o.threadlineFields;
                version = o.version;
                tracebacks = o.tracebacks;
                clock = o.clock;
                timeZone = o.timeZone;
                stall = o.stall;
                port = o.port;
            }
        }
    }

    private static final int LOG_LIMIT = 10_000;
    private static final Session ADMIN = new Session("Administrator", StandardDoctypes.ALL_ROLES);

    private final Options options;
    private final Site site;
    private final Documents documents;
    private final Faults faults;
    private final Router router;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final Map<String, AtomicInteger> routeCounts = new ConcurrentHashMap<>();

    private ErpNextFake(Options options, Path keptIn) {
        this.options = options;
        this.site = new Site(StandardDoctypes.all(options.version()), options.clock(), options.timeZone());
        this.documents = new Documents(site);
        this.faults = new Faults(options.stall());
        if (keptIn != null && Files.exists(keptIn)) {
            site.load(keptIn);
            documents.restoreCustomFields(ADMIN);
        } else {
            seed();
        }
        if (keptIn != null) {
            site.keepIn(keptIn);
        }
        this.router = new Router(options, new Api(site, documents, options), new HtmlView(site), faults, this::record);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + options.port(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", router::handle);
        server.start();
    }

    public static ErpNextFake start() {
        return start(Options.defaults());
    }

    public static ErpNextFake start(Options options) {
        return new ErpNextFake(options, null);
    }

    /**
     * A site kept in {@code file} (JSON) across restarts: started again on the same file, it has every
     * document it had answered for, and its naming series continue.
     */
    public static ErpNextFake start(Options options, Path file) {
        return new ErpNextFake(options, file);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Options options() {
        return options;
    }

    public Faults faults() {
        return faults;
    }

    // --- inspection: documents as GET returns them (nulls omitted), oldest first -----------------

    public List<Map<String, Object>> issues() {
        return documents(StandardDoctypes.ISSUE);
    }

    public Optional<Map<String, Object>> issue(String name) {
        return site.transaction(() -> site.find(StandardDoctypes.ISSUE, name).map(ErpNextFake::asMap));
    }

    /** The Communications whose reference is this Issue, oldest first. */
    public List<Map<String, Object>> communications(String issueName) {
        return referencing(StandardDoctypes.COMMUNICATION, issueName);
    }

    /** The Comments whose reference is this Issue, oldest first. */
    public List<Map<String, Object>> comments(String issueName) {
        return referencing(StandardDoctypes.COMMENT, issueName);
    }

    /** Every document of a doctype ({@code "Custom Field"}, {@code "Issue Type"}...), oldest first. */
    public List<Map<String, Object>> documents(String doctype) {
        return site.transaction(() -> {
            site.meta(doctype);
            return site.table(doctype).values().stream().map(ErpNextFake::asMap).toList();
        });
    }

    /** Requests in the order they were handled (the last 10,000); a stalled one is there before its answer is sent. */
    /** Requests received but not yet handled: a delayed write that has not committed yet. */
    public int unhandledRequests() {
        return router.unhandled();
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many requests had this method (any if {@code null}) and a path at or below {@code pathPrefix}. */
    public int requestCount(String method, String pathPrefix) {
        return (int) requests().stream()
                .filter(r -> (method == null || r.method().equalsIgnoreCase(method)) && Paths.under(r.path(), pathPrefix))
                .count();
    }

    /** Request counts per route, e.g. {@code "GET /api/resource/Issue/{name}" -> 3}. */
    public Map<String, Integer> routeCounts() {
        Map<String, Integer> out = new TreeMap<>();
        routeCounts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    // --- what an agent does in the desk ----------------------------------------------------------

    /** Sets an Issue's status as a desk save would (validated, {@code modified} bumped). */
    public void setIssueStatus(String name, String status) {
        site.transaction(() -> documents.update(ADMIN, StandardDoctypes.ISSUE, name,
                JsonNodeFactory.instance.objectNode().put("status", status)));
    }

    /** Deletes an Issue, as an agent can. */
    public void deleteIssue(String name) {
        site.transaction(() -> documents.delete(ADMIN, StandardDoctypes.ISSUE, name));
    }

    @Override
    public void close() {
        router.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private void seed() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        site.transaction(() -> {
            options.priorities().forEach(p -> documents.insert(ADMIN, StandardDoctypes.ISSUE_PRIORITY,
                    json.objectNode().put("name", p), false));
            options.issueTypes().forEach(t -> documents.insert(ADMIN, StandardDoctypes.ISSUE_TYPE,
                    json.objectNode().put("name", t), false));
            if (options.threadlineFields()) {
                for (ObjectNode field : ThreadlineFields.definitions()) {
                    documents.insert(ADMIN, StandardDoctypes.CUSTOM_FIELD, field, false);
                }
            }
        });
    }

    private void record(RecordedRequest request) {
        routeCounts.computeIfAbsent(Paths.routeKey(request.method(), request.path(), options.version()),
                k -> new AtomicInteger()).incrementAndGet();
        synchronized (requests) {
            requests.addLast(request);
            if (requests.size() > LOG_LIMIT) {
                requests.removeFirst();
            }
        }
    }

    private List<Map<String, Object>> referencing(String doctype, String issueName) {
        return site.transaction(() -> {
            List<ObjectNode> found = new ArrayList<>(site.table(doctype).values().stream()
                    .filter(d -> StandardDoctypes.ISSUE.equals(Documents.text(d, "reference_doctype"))
                            && issueName.equals(Documents.text(d, "reference_name")))
                    .toList());
            found.sort(Comparator.comparing(d -> Documents.text(d, "creation")));
            return found.stream().map(ErpNextFake::asMap).toList();
        });
    }

    private static Map<String, Object> asMap(ObjectNode doc) {
        return Reply.JSON.convertValue(Api.withoutNulls(doc), new TypeReference<Map<String, Object>>() {});
    }
}
