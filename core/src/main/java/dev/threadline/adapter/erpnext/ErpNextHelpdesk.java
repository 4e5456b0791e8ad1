package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.domain.TicketStatus;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Helpdesk} on ERPNext's Issue doctype, through Frappe's v1 REST API ({@code /api/resource},
 * {@code /api/method}), which is stable from v14 to v16; v2 changed between v15 and v16 (erpnext.md §4).
 *
 * <p>The port speaks plain text; {@link IssueHtml} renders it: the subject cut to the Data column's
 * 140 characters, the description and a post's content as HTML with every piece of customer text
 * escaped.
 *
 * <p><b>Opening a ticket</b> is {@code POST /api/resource/Issue} with {@code subject}, {@code
 * description}, {@code priority} and {@code
 * issue_type} (each only when the site has such a record, see {@link SiteVocabulary}), and the
 * Custom Fields {@code custom_idempotency_key}, {@code custom_customer_key}, {@code
 * custom_whatsapp_number} and {@code custom_needs_triage}. It never sends {@code raised_by}: that
 * field must be an e-mail address and a phone number would be refused with a 417 (erpnext.md §7.2).
 *
 * <p><b>Exactly one Issue per idempotency key.</b> {@code setup-erpnext} puts a unique index on
 * {@code custom_idempotency_key}, and nothing is created on a site without it: {@link
 * SiteReadiness} fails the call transiently first, so the job waits for the setup instead of
 * duplicating Issues on every retry. When the key exists already (a retry after a timeout that had
 * committed, or a redelivered job) ERPNext answers 417 {@code UniqueValidationError} and this class
 * looks the Issue up by the key and returns it (erpnext.md §9.2). A POST that timed out is repeated by {@link
 * FrappeClient}'s retry loop and so resolves the same way. Keys compare case-insensitively on
 * MariaDB, so callers should use keys whose case carries no meaning (hex digests).
 *
 * <p><b>Customer messages are Communications</b> ({@code communication_medium} Chat, {@code
 * sent_or_received} Received), not Comments from {@code add_comment}, because a Communication is
 * ERPNext's own model of a message from the customer: it shows in the Issue's timeline as the
 * customer's; a Received Communication sets a Resolved (even Closed) Issue back to Open by itself
 * (erpnext.md §8.2), so appending to a Resolved ticket needs no extra call; and its {@code message_id} can be
 * queried, which {@link #hasPost} uses to make appends exactly-once after a failure. The price: the
 * API user needs role Inbox User (or System Manager) besides Support Team. {@code sender} (must be an
 * e-mail address) and {@code communication_date} (the site's timezone is unknown here; the server
 * stamps "now") are not sent.
 *
 * <p><b>Failures</b>: see {@link FrappeClient} for what is retried. {@link #status} maps a 404
 * {@code DoesNotExistError} to {@link TicketStatus#GONE}; every other refusal is an {@link
 * ErpNextRejection} (permanent), exhaustion a {@link TransientHelpdeskException}.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
public class ErpNextHelpdesk implements Helpdesk {

    private static final int DATA_LENGTH = IssueHtml.DATA_LENGTH;
    private static final Logger LOG = LoggerFactory.getLogger(ErpNextHelpdesk.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FrappeClient client;
    private final SiteReadiness readiness;
    private final SiteVocabulary vocabulary;
    private final ErpNextConfig config;

    ErpNextHelpdesk(FrappeClient client, SiteReadiness readiness, SiteVocabulary vocabulary, ErpNextConfig config) {
        this.client = client;
        this.readiness = readiness;
        this.vocabulary = vocabulary;
        this.config = config;
    }

    @Override
    public TicketRef openTicket(NewTicket ticket) {
        String key = ticket.idempotencyKey();
        if (key == null || key.isBlank() || key.length() > DATA_LENGTH) {
            throw new PermanentHelpdeskException("idempotency key must be 1 to 140 characters (a Data field)", null);
        }
        if (ticket.customer() == null) {
            throw new PermanentHelpdeskException("a ticket needs its customer", null);
        }
        Deadline deadline = client.deadline();
        readiness.requireReady(deadline);
        ObjectNode issue = JSON.objectNode()
                .put("subject", IssueHtml.subject(ticket.subject()))
                .put("description", IssueHtml.description(ticket.customerName(), ticket.transcript()));
        vocabulary.priority(ticket.priority(), deadline).ifPresent(p -> issue.put("priority", p));
        vocabulary.issueType(ticket.issueType(), deadline).ifPresent(t -> issue.put("issue_type", t));
        issue.put(IssueFields.IDEMPOTENCY_KEY, key);
        issue.put(IssueFields.CUSTOMER_KEY, ticket.customer().value().length() <= DATA_LENGTH
                ? ticket.customer().value() : ticket.customer().digest());
        if (ticket.phone() != null && !ticket.phone().isBlank()) {
            issue.put(IssueFields.WHATSAPP_NUMBER, ticket.phone());
        }
        issue.put(IssueFields.NEEDS_TRIAGE, ticket.needsTriage() ? 1 : 0);
        try {
            JsonNode created = client.send(FrappeCall.post(FrappeCall.resource("Issue", null), issue), deadline).path("data");
            String name = created.path("name").asText();
            LOG.info("erpnext issue opened", kv("issue", name), kv("customer", ticket.customer().fingerprint()),
                    kv("priority", issue.path("priority").asText(null)), kv("issue_type", issue.path("issue_type").asText(null)));
            return new TicketRef(name);
        } catch (ErpNextRejection rejection) {
            if (!rejection.is(417, "UniqueValidationError")) {
                throw rejection;
            }
            TicketRef existing = findByKey(key, deadline).orElseThrow(() -> rejection);
            LOG.info("erpnext issue existed already for the idempotency key", kv("issue", existing.id()),
                    kv("customer", ticket.customer().fingerprint()));
            return existing;
        }
    }

    /** The erpnext.md §9.2 recipe: the Issue carrying this idempotency key, if any. */
    private Optional<TicketRef> findByKey(String key, Deadline deadline) {
        ArrayNode filters = JSON.arrayNode().add(JSON.arrayNode().add(IssueFields.IDEMPOTENCY_KEY).add("=").add(key));
        JsonNode rows = client.send(FrappeCall.get(FrappeCall.resource("Issue", null), Map.of(
                "filters", filters.toString(), "fields", "[\"name\"]", "limit_page_length", "1")), deadline).path("data");
        return rows.isEmpty() ? Optional.empty() : Optional.of(new TicketRef(rows.get(0).path("name").asText()));
    }

    @Override
    public TicketStatus status(String ticketId) {
        requireId(ticketId);
        try {
            JsonNode doc = client.send(FrappeCall.get(FrappeCall.resource("Issue", ticketId), Map.of()), client.deadline());
            return statusOf(doc.path("data").path("status").asText(""));
        } catch (ErpNextRejection rejection) {
            // Only Frappe's own "not found": a bare 404 page would mean a wrong ERPNEXT_URL, not a deleted Issue.
            if (rejection.is(404, "DoesNotExistError")) {
                return TicketStatus.GONE;
            }
            throw rejection;
        }
    }

    static TicketStatus statusOf(String status) {
        return switch (status) {
            case "Open" -> TicketStatus.OPEN;
            case "Replied" -> TicketStatus.REPLIED;
            case "On Hold" -> TicketStatus.ON_HOLD;
            case "Resolved" -> TicketStatus.RESOLVED;
            case "Closed" -> TicketStatus.CLOSED;
            default -> TicketStatus.OTHER;
        };
    }

    @Override
    public void append(String ticketId, TicketPost post) {
        requireId(ticketId);
        if (post.key() == null || post.key().isBlank()) {
            throw new PermanentHelpdeskException("a post needs a key: hasPost finds it by message_id", null);
        }
        ObjectNode communication = JSON.objectNode()
                .put("communication_type", "Communication")
                .put("communication_medium", "Chat")
                .put("sent_or_received", "Received")
                .put("reference_doctype", "Issue")
                .put("reference_name", ticketId)
                .put("subject", IssueHtml.postSubject(post.transcript()))
                .put("content", IssueHtml.post(post.transcript(), post.flagged()))
                .put("message_id", post.key());
        if (post.phone() != null && !post.phone().isBlank()) {
            communication.put("phone_no", post.phone());
        }
        Deadline deadline = client.deadline();
        // message_id is not unique in ERPNext: before repeating a failed POST, check whether it landed.
        client.send(FrappeCall.post(FrappeCall.resource("Communication", null), communication), deadline,
                () -> hasPost(ticketId, post.key(), deadline));
        LOG.info("erpnext communication appended", kv("issue", ticketId));
    }

    @Override
    public boolean hasPost(String ticketId, String postKey) {
        requireId(ticketId);
        return hasPost(ticketId, postKey, client.deadline());
    }

    private boolean hasPost(String ticketId, String postKey, Deadline deadline) {
        return client.exists("Communication", "reference", ticketId, "message_id", "=", postKey, deadline);
    }

    @Override
    public String addNote(String ticketId, String text) {
        requireId(ticketId);
        return new ErpNextNotes(client).add(ticketId, text);
    }

    @Override
    public boolean hasNote(String ticketId, String marker) {
        requireId(ticketId);
        return new ErpNextNotes(client).has(ticketId, marker);
    }

    @Override
    public String updateNote(String ticketId, String noteId, String text) {
        requireId(ticketId);
        return new ErpNextNotes(client).update(ticketId, noteId, text);
    }

    @Override
    public String attach(String ticketId, Attachment attachment) {
        requireId(ticketId);
        return new ErpNextAttachments(client).attach(ticketId, attachment);
    }

    @Override
    public boolean hasAttachment(String ticketId, String fileName) {
        requireId(ticketId);
        return new ErpNextAttachments(client).has(ticketId, fileName);
    }

    @Override
    public String linkTo(String ticketId) {
        requireId(ticketId);
        return config.url() + "/app/issue/" + FrappeCall.segment(ticketId);
    }

    private static void requireId(String ticketId) {
        if (ticketId == null || ticketId.isBlank()) {
            throw new PermanentHelpdeskException("ticket id must not be blank", null);
        }
    }
}
