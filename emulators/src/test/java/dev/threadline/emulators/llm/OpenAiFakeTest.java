package dev.threadline.emulators.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake speaks OpenAI's wire format and injects faults in order. */
class OpenAiFakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JUDGE = """
            {"model":"m","max_tokens":8,"response_format":{"type":"json_object"},"messages":[
             {"role":"system","content":"Answer in JSON"},
             {"role":"user","content":"<previous_summary>\\nVPN down\\n</previous_summary>\\n\
            <new_message number=\\"1\\" gap=\\"2 min\\">\\nvpn still down\\n</new_message>"}]}""";
    private static final String SAME = "{\"verdicts\":[{\"message\":1,\"verdict\":\"SAME\",\"confidence\":0.9}]}";

    private final OpenAiFake fake = OpenAiFake.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        fake.close();
        http.close();
    }

    private HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void answersInOpenAisShape_andRecordsTheRequest() throws Exception {
        HttpResponse<String> response = post(JUDGE, "Bearer k");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("model").asText()).isEqualTo("m");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(SAME);
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(body.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(fake.lastRequest().authorization()).isEqualTo("Bearer k");
        assertThat(fake.lastRequest().system()).isEqualTo("Answer in JSON");
        assertThat(fake.lastRequest().wantsJsonObject()).isTrue();
    }

    @Test
    void appliesQueuedFaultsInOrder_thenAnswersNormally() throws Exception {
        fake.failNext(1, 503).garbageNext(1).malformedNext(1).delayNext(1, Duration.ofMillis(1));

        assertThat(post(JUDGE, null).statusCode()).isEqualTo(503);
        // Cut at max_tokens (8 words) like any completion.
        assertThat(json(post(JUDGE, null)).at("/choices/0/message/content").asText())
                .isEqualTo("Sure! Here is what I think about this");
        HttpResponse<String> malformed = post(JUDGE, null);
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).startsWith("<html>");
        assertThat(json(post(JUDGE, null)).at("/choices/0/message/content").asText()).isEqualTo(SAME);
        assertThat(json(post(JUDGE, null)).at("/choices/0/message/content").asText()).isEqualTo(SAME);
        assertThat(fake.requests()).hasSize(5);
        assertThat(fake.lastRequest().hasAuthorization()).isFalse();
    }

    @Test
    void rejectsJsonModeWithoutTheWordJson_likeOpenAi() throws Exception {
        String body = """
                {"model":"m","response_format":{"type":"json_object"},
                 "messages":[{"role":"user","content":"classify this"}]}""";

        HttpResponse<String> response = post(body, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/message").asText()).contains("'json'");
    }

    @Test
    void rejectsRequestsWithoutModelOrMessages_aWrongKey_andUnknownModels() throws Exception {
        assertThat(post("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null).statusCode()).isEqualTo(400);
        assertThat(post("{\"model\":\"m\",\"messages\":[]}", null).statusCode()).isEqualTo(400);
        assertThat(post("not json", null).statusCode()).isEqualTo(400);
        fake.requireApiKey("k");
        assertThat(post(JUDGE, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(post(JUDGE, "Bearer k").statusCode()).isEqualTo(200);
        fake.serveOnly("other");
        assertThat(json(post(JUDGE, "Bearer k")).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void cutsAtMaxTokens_countedAsWords() throws Exception {
        fake.respondWith(request -> "one two three four five six seven eight nine ten");
        String body = JUDGE.replace("\"max_tokens\":8", "\"max_tokens\":3");

        JsonNode choice = json(post(body, null)).at("/choices/0");

        assertThat(choice.at("/message/content").asText()).isEqualTo("one two three");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void listsModels() throws Exception {
        fake.serveOnly("test-model");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/models"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(json(response).at("/data/0/id").asText()).isEqualTo("test-model");
    }
}
