package dev.threadline.emulators.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake of the part of OpenSearch's REST API a k-NN case index uses, with the documented shapes
 * (OpenSearch 2.x k-NN plugin): {@code PUT /<index>} with {@code settings.index.knn} and a
 * {@code knn_vector} mapping (400 {@code resource_already_exists_exception} the second time),
 * {@code PUT /<index>/_doc/<id>} (201 created, 200 updated), {@code DELETE /<index>/_doc/<id>} (404
 * when missing), and {@code POST /<index>/_search} with a {@code knn} query and an efficient
 * {@code filter} of one {@code term}, scored as the Lucene engine scores {@code cosinesimil}:
 * {@code (1 + cosine) / 2}. Exact search: the fake has no HNSW graph. An index that does not exist is
 * 404 {@code index_not_found_exception}; a vector of the wrong dimension is 400.
 */
public final class OpenSearchFake implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    private record Index(String vectorField, int dimension, Map<String, ObjectNode> docs) {}

    private OpenSearchFake(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static OpenSearchFake start() {
        try {
            return new OpenSearchFake(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request as "METHOD /path", in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many documents the index holds. */
    public int documents(String index) {
        Index i = indexes.get(index);
        return i == null ? 0 : i.docs().size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        requests.add(method + " " + path);
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        String[] parts = path.substring(1).split("/");
        String indexName = parts[0];
        Index index = indexes.get(indexName);
        ObjectNode answer;
        int status;
        if (parts.length == 1 && method.equals("PUT")) {
            if (index != null) {
                status = 400;
                answer = error("resource_already_exists_exception", "index [" + indexName + "] already exists");
            } else {
                status = 200;
                answer = createIndex(indexName, body);
            }
        } else if (index == null) {
            status = 404;
            answer = error("index_not_found_exception", "no such index [" + indexName + "]");
        } else if (parts.length == 3 && parts[1].equals("_doc")) {
            String id = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
            if (method.equals("PUT")) {
                JsonNode vector = body.path(index.vectorField());
                if (vector.size() != index.dimension()) {
                    status = 400;
                    answer = error("mapper_parsing_exception", "Vector dimension mismatch. Expected: " + index.dimension());
                } else {
                    boolean existed = index.docs().put(id, (ObjectNode) body) != null;
                    status = existed ? 200 : 201;
                    answer = JSON.createObjectNode().put("_id", id).put("result", existed ? "updated" : "created");
                }
            } else {
                boolean existed = index.docs().remove(id) != null;
                status = existed ? 200 : 404;
                answer = JSON.createObjectNode().put("_id", id).put("result", existed ? "deleted" : "not_found");
            }
        } else if (parts.length == 2 && parts[1].equals("_search") && method.equals("POST")) {
            status = 200;
            answer = search(index, body);
        } else {
            status = 400;
            answer = error("illegal_argument_exception", "OpenSearchFake does not serve " + method + " " + path);
        }
        byte[] out = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private ObjectNode createIndex(String name, JsonNode body) {
        if (!body.path("settings").path("index").path("knn").asBoolean(false)) {
            throw new IllegalArgumentException("a k-NN index needs settings.index.knn: true");
        }
        var fields = body.path("mappings").path("properties").properties();
        for (var field : fields) {
            if (field.getValue().path("type").asText().equals("knn_vector")) {
                indexes.put(name, new Index(field.getKey(), field.getValue().path("dimension").asInt(), new ConcurrentHashMap<>()));
                return JSON.createObjectNode().put("acknowledged", true).put("index", name);
            }
        }
        throw new IllegalArgumentException("no knn_vector field in the mapping");
    }

    private ObjectNode search(Index index, JsonNode body) {
        JsonNode knn = body.path("query").path("knn").path(index.vectorField());
        JsonNode vector = knn.path("vector");
        int k = Math.min(knn.path("k").asInt(10), body.path("size").asInt(10));
        var term = knn.path("filter").path("term").properties().iterator();
        Map.Entry<String, JsonNode> filter = term.hasNext() ? term.next() : null;
        List<ObjectNode> hits = new ArrayList<>();
        index.docs().forEach((id, doc) -> {
            if (filter == null || doc.path(filter.getKey()).asText().equals(filter.getValue().asText())) {
                double cos = cosine(vector, doc.path(index.vectorField()));
                ObjectNode hit = JSON.createObjectNode().put("_index", "cases").put("_id", id).put("_score", (1 + cos) / 2);
                hit.set("_source", doc);
                hits.add(hit);
            }
        });
        hits.sort(Comparator.comparingDouble((ObjectNode h) -> h.path("_score").asDouble()).reversed());
        ObjectNode answer = JSON.createObjectNode().put("took", 1).put("timed_out", false);
        ArrayNode array = answer.putObject("hits").putArray("hits");
        hits.stream().limit(k).forEach(array::add);
        return answer;
    }

    private static double cosine(JsonNode a, JsonNode b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i).asDouble() * b.get(i).asDouble();
            na += a.get(i).asDouble() * a.get(i).asDouble();
            nb += b.get(i).asDouble() * b.get(i).asDouble();
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static ObjectNode error(String type, String reason) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("error").put("type", type).put("reason", reason);
        return answer.put("status", 400);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
