package dev.threadline.adapter.erpnext;

import dev.threadline.config.Functions;
import static net.logstash.logback.argument.StructuredArguments.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.domain.Priority;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site's Issue Priority and Issue Type names, read once and cached for {@code
 * lookup-cache-ttl}, so that a new Issue never names a link target the site lacks: that would be a
 * 417 LinkValidationError and a lost ticket (erpnext.md §7.4). Names match case-insensitively and the site's
 * spelling is used.
 *
 * <p>If the list cannot be read because ERPNext refuses it (e.g. 403: the user lacks read on Issue
 * Priority), the value is left out of new Issues and a warning is logged; that answer is cached
 * too. A transient failure is not cached and propagates: the Issue could not be created anyway.
 */
@Singleton
@Requires(property = Functions.PROPERTY, pattern = Functions.TICKET)
class SiteVocabulary {

    static final String ISSUE_PRIORITY = "Issue Priority";
    static final String ISSUE_TYPE = "Issue Type";

    /** The names, or {@code null} when the site refused to list them. */
    private record Names(List<String> names, Instant fetchedAt) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SiteVocabulary.class);

    private final FrappeClient client;
    private final ErpNextConfig config;
    private final Clock clock;
    private final Map<String, Names> cache = new ConcurrentHashMap<>();

    SiteVocabulary(FrappeClient client, ErpNextConfig config, Clock clock) {
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    /** The site's name for the mapped priority, if the site has it. */
    Optional<String> priority(Priority priority, Deadline deadline) {
        if (priority == null) {
            return Optional.empty();
        }
        String wanted = config.priorityName(priority);
        Optional<String> found = match(names(ISSUE_PRIORITY, deadline), wanted);
        if (found.isEmpty()) {
            LOG.warn("erpnext priority omitted: the site has no such Issue Priority", kv("llm_priority", priority.label()),
                    kv("mapped_to", wanted));
        }
        return found;
    }

    /** The site's Issue Type matching the classifier's free text, if there is one. */
    Optional<String> issueType(String freeText, Deadline deadline) {
        if (freeText == null || freeText.isBlank()) {
            return Optional.empty();
        }
        return match(names(ISSUE_TYPE, deadline), freeText.strip());
    }

    /** The names as listed now (no cache), or {@code null} when the site refuses to list them. */
    List<String> fetch(String doctype, Deadline deadline) {
        try {
            JsonNode data = client.send(FrappeCall.get(FrappeCall.resource(doctype, null),
                    Map.of("fields", "[\"name\"]", "limit_page_length", "0")), deadline).path("data");
            List<String> names = new ArrayList<>();
            data.forEach(row -> names.add(row.path("name").asText()));
            return names;
        } catch (ErpNextRejection refused) {
            LOG.warn("erpnext list unreadable; values of this doctype are left out", kv("doctype", doctype),
                    kv("status", refused.status()), kv("exc_type", refused.excType()));
            return null;
        }
    }

    private List<String> names(String doctype, Deadline deadline) {
        Names cached = cache.get(doctype);
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(config.lookupCacheTtl()))) {
            return cached.names();
        }
        List<String> names = fetch(doctype, deadline);
        cache.put(doctype, new Names(names, clock.instant()));
        return names;
    }

    private static Optional<String> match(List<String> names, String wanted) {
        if (names == null || wanted == null) {
            return Optional.empty();
        }
        return names.stream().filter(n -> n.equalsIgnoreCase(wanted)).findFirst();
    }
}
