package dev.threadline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A solved ticket as the next ticket can learn from it: what the problem was and what fixed it, in
 * at most {@link #MAX_SUMMARY_CHARS} characters, with one or two tags. Only the summary holds text
 * the customer or the agents wrote (already scrubbed of phone numbers by {@link CaseText}); the rest
 * is ids, names chosen by the helpdesk and numbers, so a record stays small (about 3 KB with its
 * vector) and carries no personal data beyond what the summary says.
 *
 * @param ticketId the resolved ticket
 * @param site the helpdesk site it belongs to; retrieval never crosses sites
 * @param summary problem, cause if stated, fix; plain text
 * @param tags one or two short lowercase tags
 * @param issueType the ticket's type in the helpdesk, or {@code null}
 * @param resolvedAt when the resolution was learned (the event's time)
 * @param embedding the summary's unit-length vector
 * @param model the embedding model's name and version; {@code ./threadline reindex} recomputes
 *     vectors whose model is not the current one
 */
public record CaseRecord(String ticketId, String site, String summary, List<String> tags, String issueType,
                         Instant resolvedAt, float[] embedding, String model) {

    public static final int MAX_SUMMARY_CHARS = 1_000;
    public static final int MAX_TAGS = 2;

    public CaseRecord {
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(model, "model");
        summary = CaseText.bounded(CaseText.scrub(summary == null ? "" : summary), MAX_SUMMARY_CHARS);
        tags = tags == null ? List.of() : tags.stream().limit(MAX_TAGS).toList();
    }

    /** The same case with a fresh vector (a new model, or an edited summary). */
    public CaseRecord withEmbedding(float[] vector, String modelName) {
        return new CaseRecord(ticketId, site, summary, tags, issueType, resolvedAt, vector, modelName);
    }

    /** Whether the learned content (summary and tags) differs from {@code other}'s. */
    public boolean sameContent(String otherSummary, List<String> otherTags) {
        return summary.equals(CaseText.bounded(CaseText.scrub(otherSummary), MAX_SUMMARY_CHARS))
                && tags.equals(otherTags.stream().limit(MAX_TAGS).toList());
    }

    @Override
    public String toString() {
        return "CaseRecord[" + ticketId + ", " + tags + ", " + model + "]"; // no summary text in logs
    }
}
