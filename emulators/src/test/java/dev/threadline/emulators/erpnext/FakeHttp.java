package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plain JDK HTTP client for the fake's tests, authenticated with the fake's credentials by default. */
final class FakeHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One response; {@code json} is null when the body is not JSON. */
    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The decoded {@code _server_messages}: outer string, array of strings, each a JSON object. */
        List<JsonNode> serverMessages() {
            List<JsonNode> out = new ArrayList<>();
            JsonNode encoded = json.get("_server_messages");
            if (encoded == null) {
                return out;
            }
            try {
                for (JsonNode inner : JSON.readTree(encoded.asText())) {
                    out.add(JSON.readTree(inner.asText()));
                }
            } catch (IOException e) {
                throw new AssertionError("_server_messages is not double-encoded JSON: " + encoded, e);
            }
            return out;
        }

        String firstMessage() {
            return serverMessages().getFirst().get("message").asText();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;

    FakeHttp(ErpNextFake fake) {
        this(fake.baseUrl(), "token " + fake.options().apiKey() + ":" + fake.options().apiSecret());
    }

    private FakeHttp(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** The same client with another Authorization header ({@code null}: none, i.e. Guest). */
    FakeHttp as(String authorizationHeader) {
        return new FakeHttp(baseUrl, authorizationHeader);
    }

    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Response post(String path, Object body) {
        return send("POST", path, body);
    }

    Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String pathAndQuery, Object body) {
        return send(method, pathAndQuery, body, Map.of("Accept", "application/json"), Duration.ofSeconds(10));
    }

    /** @param body a String is sent as is; anything else as JSON */
    Response send(String method, String pathAndQuery, Object body, Map<String, String> headers, Duration timeout) {
        try {
            String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                    .timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(text));
            if (body != null && !headers.containsKey("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            headers.forEach(request::header);
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
