package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.application.port.Helpdesk.TransientHelpdeskException;
import dev.threadline.application.port.Metrics;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the site is set up for Threadline ({@link IssueFields#problems}): without the unique
 * index on {@code custom_idempotency_key}, ERPNext drops the key silently, and every retry of a
 * create that timed out after committing makes another Issue. So {@link ErpNextHelpdesk} creates
 * nothing until the site is ready: {@link #requireReady} fails transiently, the jobs stay queued,
 * and they open their tickets once {@code ./threadline setup-erpnext} has run.
 *
 * <p>The fields are read from the Issue's form meta ({@code frappe.desk.form.load.getdoctype}),
 * which lists Custom Fields with all their properties ({@code unique} included) to any logged-in
 * user. The Custom Field doctype itself is readable only by System Manager, a role ticket-fn's user
 * does not need.
 *
 * <p>A ready site is remembered for the life of the instance (one read per container). A site that
 * is not ready is checked again at most once per {@link #RECHECK_AFTER}; each such check logs one
 * ERROR naming the fix and counts {@code ErpNextNotSetUp} (the alarm's metric). In between, tickets
 * fail at once without calling ERPNext. A check that fails transiently is not remembered.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
class SiteReadiness {

    static final Duration RECHECK_AFTER = Duration.ofMinutes(1);
    private static final String FIX = "run ./threadline setup-erpnext";
    private static final Logger LOG = LoggerFactory.getLogger(SiteReadiness.class);

    private record NotReady(List<String> problems, Instant checkedAt) {}

    private final FrappeClient client;
    private final Metrics metrics;
    private final Clock clock;
    private volatile boolean ready;
    /** The last check's finding while the site is not ready; guarded by {@code this}. */
    private NotReady notReady;

    SiteReadiness(FrappeClient client, Metrics metrics, Clock clock) {
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The Issue's fields as the site has them now (standard and custom), by fieldname. */
    Map<String, JsonNode> issueFields(Deadline deadline) {
        JsonNode docs = client.send(FrappeCall.get(FrappeCall.method("frappe.desk.form.load.getdoctype"),
                Map.of("doctype", "Issue")), deadline).path("docs");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (JsonNode doc : docs) {
            if ("Issue".equals(doc.path("name").asText())) {
                doc.path("fields").forEach(f -> fields.put(f.path("fieldname").asText(), f));
            }
        }
        return fields;
    }

    /**
     * Returns when the site is set up for Threadline.
     *
     * @throws TransientHelpdeskException when it is not (nothing was sent to create anything), or
     *                                    when ERPNext could not be asked
     */
    void requireReady(Deadline deadline) {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            Instant now = clock.instant();
            if (notReady == null || !now.isBefore(notReady.checkedAt().plus(RECHECK_AFTER))) {
                List<String> problems = IssueFields.problems(issueFields(deadline));
                if (problems.isEmpty()) {
                    ready = true;
                    notReady = null;
                    LOG.info("erpnext site is set up for Threadline");
                    return;
                }
                notReady = new NotReady(problems, now);
                LOG.error("erpnext site is not set up for Threadline: no ticket is created, the jobs wait; " + FIX,
                        kv("problems", problems));
                metrics.counts(Map.of("ErpNextNotSetUp", 1L));
            }
            throw new TransientHelpdeskException("the ERPNext site is not set up for Threadline ("
                    + String.join("; ", notReady.problems()) + "): nothing was created; " + FIX, null);
        }
    }
}
