package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK client for the fake's Graph API, with the fake's token unless told otherwise. */
final class GraphClient {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String body, String contentType, byte[] bytes) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error").path("code").asInt();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WhatsAppCloudFake fake;

    GraphClient(WhatsAppCloudFake fake) {
        this.fake = fake;
    }

    Response send(String phoneNumberId, String json) {
        return send(phoneNumberId, json, fake.accessToken(), Duration.ofSeconds(10));
    }

    Response send(String phoneNumberId, String json, String token, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v23.0/" + phoneNumberId + "/messages"))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return call(request);
    }

    Response get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return call(request);
    }

    static String text(String to, String body, String callbackData) {
        var root = JSON.createObjectNode().put("messaging_product", "whatsapp").put("recipient_type", "individual")
                .put("to", to).put("type", "text");
        root.putObject("text").put("body", body).put("preview_url", false);
        if (callbackData != null) {
            root.put("biz_opaque_callback_data", callbackData);
        }
        return root.toString();
    }

    static String template(String to, String name, String language, String... parameters) {
        var root = JSON.createObjectNode().put("messaging_product", "whatsapp").put("to", to).put("type", "template");
        var template = root.putObject("template").put("name", name);
        template.putObject("language").put("code", language);
        var params = template.putArray("components").addObject().put("type", "body").putArray("parameters");
        for (String p : parameters) {
            params.addObject().put("type", "text").put("text", p);
        }
        return root.toString();
    }

    private Response call(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), new String(response.body()),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
