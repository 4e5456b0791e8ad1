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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-memory ERPNext site behind Frappe's v1 REST API, on a loopback port: the Issue, Communication,
 * Comment, Custom Field, Issue Priority, Issue Type and Webhook doctypes with Frappe's status codes, error
 * bodies, naming and validation order, as {@code docs/contracts/erpnext.md} describes them (its
 * checklist, erpnext.md §14). It fires signed Webhooks after each request commits ({@link #webhooks()},
 * erpnext.md §10). Tests use it with {@link #faults()} and the inspection methods; the local runner
 * uses it as the embedded ERPNext emulator, with the agent's page at {@link #baseUrl()}{@code /}.
 *
 * <p>Thread-safe: each request is one transaction under a site-wide lock, validated before anything
 * is written. Not modelled: SLAs, e-mail, v2 API, sessions and CSRF.
 */
public final class ErpNextFake implements AutoCloseable {

    private static final Session ADMIN = Desk.AGENT;

    private final ErpNextOptions options;
    private final Site site;
    private final Documents documents;
    private final Desk desk;
    private final Faults faults;
    private final Webhooks webhooks;
    private final RequestLog requestLog;
    private final Router router;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private ErpNextFake(ErpNextOptions options, Path keptIn) {
        this.options = options;
        this.site = new Site(StandardDoctypes.all(options.version()), options.clock(), options.timeZone());
        this.webhooks = new Webhooks(options.webhookPause());
        this.documents = new Documents(site, new WebhookQueue(site, webhooks));
        this.desk = new Desk(site, documents, options.replyMarker());
        this.faults = new Faults(options.stall());
        this.requestLog = new RequestLog(options.version());
        if (keptIn != null && Files.exists(keptIn)) {
            site.load(keptIn);
            documents.restoreCustomFields(ADMIN);
        } else {
            seed();
        }
        if (keptIn != null) {
            site.keepIn(keptIn);
        }
        this.router = new Router(options, new Api(site, documents, options),
                new DeskPage(new HtmlView(site), desk, site.files()), faults, requestLog::record);
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
        return start(ErpNextOptions.defaults());
    }

    public static ErpNextFake start(ErpNextOptions options) {
        return new ErpNextFake(options, null);
    }

    /**
     * A site kept in {@code file} (JSON) across restarts: started again on the same file, it has every
     * document it had answered for, and its naming series continue.
     */
    public static ErpNextFake start(ErpNextOptions options, Path file) {
        return new ErpNextFake(options, file);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ErpNextOptions options() {
        return options;
    }

    public Faults faults() {
        return faults;
    }

    /** The webhook worker: its request log, delivery faults, and a wait for it to finish. */
    public Webhooks webhooks() {
        return webhooks;
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

    /** The Files attached to this Issue (erpnext.md §17), oldest first. */
    public List<Map<String, Object>> attachments(String issueName) {
        return site.transaction(() -> site.table(StandardDoctypes.FILE).values().stream()
                .filter(f -> StandardDoctypes.ISSUE.equals(Values.text(f, "attached_to_doctype"))
                        && issueName.equals(Values.text(f, "attached_to_name")))
                .map(ErpNextFake::asMap).toList());
    }

    /** The bytes stored under a File's {@code file_url}. */
    public Optional<byte[]> fileContent(String fileUrl) {
        return site.files().get(fileUrl);
    }

    /** Every document of a doctype ({@code "Custom Field"}, {@code "Webhook"}...), oldest first. */
    public List<Map<String, Object>> documents(String doctype) {
        return site.transaction(() -> {
            site.meta(doctype);
            return site.table(doctype).values().stream().map(ErpNextFake::asMap).toList();
        });
    }

    /** Requests received but not yet handled: a delayed write that has not committed yet. */
    public int unhandledRequests() {
        return router.unhandled();
    }

    /** Requests in the order they were handled (the last 10,000); a stalled one is there before its answer is sent. */
    public List<RecordedRequest> requests() {
        return requestLog.requests();
    }

    /** How many requests had this method (any if {@code null}) and a path at or below {@code pathPrefix}. */
    public int requestCount(String method, String pathPrefix) {
        return requestLog.count(method, pathPrefix);
    }

    /** Request counts per route, e.g. {@code "GET /api/resource/Issue/{name}" -> 3}. */
    public Map<String, Integer> routeCounts() {
        return requestLog.routeCounts();
    }

    // --- what an agent does in the desk ----------------------------------------------------------

    /** Sets an Issue's status as a desk save would (validated, {@code modified} bumped, Webhooks fired). */
    public void setIssueStatus(String name, String status) {
        desk.setIssueStatus(name, status);
    }

    /** Deletes an Issue, as an agent can. */
    public void deleteIssue(String name) {
        desk.deleteIssue(name);
    }

    /**
     * Adds the agent's Comment to an Issue as the page's reply box does: for the customer (the reply
     * marker first) or internal. Returns the Comment's name.
     */
    public String comment(String issueName, String text, boolean forCustomer) {
        return desk.comment(issueName, text, forCustomer).path("name").asText();
    }

    @Override
    public void close() {
        router.close();
        server.stop(0);
        executor.shutdownNow();
        webhooks.close();
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

    private List<Map<String, Object>> referencing(String doctype, String issueName) {
        return site.transaction(() -> {
            List<ObjectNode> found = new ArrayList<>(site.table(doctype).values().stream()
                    .filter(d -> StandardDoctypes.ISSUE.equals(Values.text(d, "reference_doctype"))
                            && issueName.equals(Values.text(d, "reference_name")))
                    .toList());
            found.sort(Comparator.comparing(d -> Values.text(d, "creation")));
            return found.stream().map(ErpNextFake::asMap).toList();
        });
    }

    private static Map<String, Object> asMap(ObjectNode doc) {
        return Reply.JSON.convertValue(Api.withoutNulls(doc), new TypeReference<Map<String, Object>>() {});
    }
}
