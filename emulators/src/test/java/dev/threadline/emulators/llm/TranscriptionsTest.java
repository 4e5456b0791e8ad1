package dev.threadline.emulators.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/audio/transcriptions} in OpenAI's multipart shape. */
class TranscriptionsTest {

    private final OpenAiFake fake = OpenAiFake.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        fake.close();
        http.close();
    }

    private HttpResponse<String> post(boolean withFile) throws Exception {
        String body = "--x\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
                + (withFile ? "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"voice.ogg\"\r\n"
                + "Content-Type: audio/ogg\r\n\r\nOggS\r\n" : "") + "--x--\r\n";
        return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/audio/transcriptions"))
                .header("Content-Type", "multipart/form-data; boundary=x").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheConfiguredText_andRecordsModelAndFileName() throws Exception {
        fake.transcriptions().transcript("Mein Drucker brennt.");

        HttpResponse<String> response = post(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"text\":\"Mein Drucker brennt.\"}");
        assertThat(fake.transcriptions().requests()).singleElement().satisfies(r -> {
            assertThat(r.model()).isEqualTo("whisper-1");
            assertThat(r.fileName()).isEqualTo("voice.ogg");
        });
    }

    @Test
    void withoutAFile_is400_andAnInjectedFailureComesFirst() throws Exception {
        assertThat(post(false).statusCode()).isEqualTo(400);
        fake.transcriptions().failNext(1, 503);
        assertThat(post(true).statusCode()).isEqualTo(503);
        assertThat(post(true).statusCode()).isEqualTo(200);
    }
}
