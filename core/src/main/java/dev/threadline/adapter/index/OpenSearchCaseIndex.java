package dev.threadline.adapter.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.domain.CaseRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EmbeddingIndex} on an OpenSearch k-NN index ({@code CASES_INDEX=opensearch}), for teams past
 * what one function instance should hold in memory (BENCHMARKS.md, "Resolution learning"). The
 * DynamoDB case store stays the source of truth; this index is a copy that {@code reindex} rebuilds.
 *
 * <p>The index is created on first use with {@code index.knn: true} and an {@code embedding} field of
 * type {@code knn_vector}, HNSW on the Lucene engine with {@code space_type: cosinesimil} (OpenSearch
 * 2.4+), which supports a filter inside the k-NN query: the {@code site} term is applied during the
 * search, so a site always gets its k nearest. Lucene reports cosine similarity as the score
 * {@code (1 + cosine) / 2}; this class converts it back. A case is one document, id
 * {@code <site>|<ticket id>}.
 *
 * <p>Authentication: an {@code Authorization} header value ({@code OPENSEARCH_AUTH}, e.g. {@code Basic
 * ...} for a domain with fine-grained access control and an internal user). AWS SigV4 request signing
 * is not implemented.
 */
public final class OpenSearchCaseIndex implements EmbeddingIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String index;
    private final String authorization;
    private final int dimension;
    private final Duration timeout;
    private final HttpClient http;
    private volatile boolean created;

    /** @param dimension the embedding model's; the mapping is fixed when the index is created */
    public OpenSearchCaseIndex(String url, String index, String authorization, int dimension, Duration timeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.index = index;
        this.authorization = authorization == null || authorization.isBlank() ? null : authorization.strip();
        this.dimension = dimension;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void upsert(CaseRecord r) {
        ensureIndex();
        ObjectNode doc = JSON.createObjectNode().put("site", r.site()).put("ticket_id", r.ticketId()).put("summary", r.summary())
                .put("issue_type", r.issueType()).put("resolved_at", r.resolvedAt().toString()).put("model", r.model());
        ArrayNode tags = doc.putArray("tags");
        r.tags().forEach(tags::add);
        ArrayNode vector = doc.putArray("embedding");
        for (float x : r.embedding()) {
            vector.add(x);
        }
        send("PUT", index + "/_doc/" + id(r.site(), r.ticketId()), doc, 200, 201);
    }

    @Override
    public void remove(String site, String ticketId) {
        ensureIndex();
        send("DELETE", index + "/_doc/" + id(site, ticketId), null, 200, 404);
    }

    @Override
    public List<Candidate> nearest(String site, float[] vector, int n) {
        ensureIndex();
        ObjectNode query = JSON.createObjectNode().put("size", n);
        ObjectNode knn = query.putObject("query").putObject("knn").putObject("embedding");
        ArrayNode v = knn.putArray("vector");
        for (float x : vector) {
            v.add(x);
        }
        knn.put("k", n);
        knn.putObject("filter").putObject("term").put("site", site);
        query.putArray("_source").add("site").add("ticket_id").add("summary").add("issue_type").add("resolved_at")
                .add("model").add("tags").add("embedding");
        JsonNode hits = send("POST", index + "/_search", query, 200).path("hits").path("hits");
        List<Candidate> out = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode s = hit.path("_source");
            List<String> tags = new ArrayList<>();
            s.path("tags").forEach(t -> tags.add(t.asText()));
            float[] embedding = new float[s.path("embedding").size()];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = (float) s.path("embedding").get(i).asDouble();
            }
            CaseRecord record = new CaseRecord(s.path("ticket_id").asText(), s.path("site").asText(), s.path("summary").asText(),
                    tags, s.path("issue_type").isNull() ? null : s.path("issue_type").asText(null),
                    Instant.parse(s.path("resolved_at").asText()), embedding, s.path("model").asText());
            out.add(new Candidate(record, 2 * hit.path("_score").asDouble() - 1));
        }
        return out;
    }

    /** Creates the index when it is missing (400 {@code resource_already_exists_exception} means another instance did). */
    private void ensureIndex() {
        if (created) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("settings").putObject("index").put("knn", true);
        ObjectNode properties = body.putObject("mappings").putObject("properties");
        ObjectNode embedding = properties.putObject("embedding").put("type", "knn_vector").put("dimension", dimension);
        embedding.putObject("method").put("name", "hnsw").put("space_type", "cosinesimil").put("engine", "lucene");
        for (String keyword : List.of("site", "ticket_id", "tags", "issue_type", "model")) {
            properties.putObject(keyword).put("type", "keyword");
        }
        properties.putObject("summary").put("type", "text");
        properties.putObject("resolved_at").put("type", "date");
        JsonNode answer = send("PUT", index, body, 200, 400);
        if (answer.has("error") && !answer.path("error").path("type").asText().equals("resource_already_exists_exception")) {
            throw new IndexUnavailableException("OpenSearch refused to create the index: "
                    + answer.path("error").path("type").asText(), null);
        }
        created = true;
    }

    private JsonNode send(String method, String path, JsonNode body, int... accepted) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int ok : accepted) {
                if (response.statusCode() == ok) {
                    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
            }
            // The body may echo summaries: only the status leaves this class.
            throw new IndexUnavailableException("OpenSearch answered HTTP " + response.statusCode() + " to " + method, null);
        } catch (IOException e) {
            throw new IndexUnavailableException("OpenSearch unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexUnavailableException("interrupted", e);
        }
    }

    private static String id(String site, String ticketId) {
        return URLEncoder.encode(site + "|" + ticketId, StandardCharsets.UTF_8);
    }
}
