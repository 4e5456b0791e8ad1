package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upload_file} and the File doctype as Frappe has them (erpnext.md §17). */
class ErpNextFakeUploadTest {

    private static final String BOUNDARY = "b0undary";

    @TempDir
    Path dir;
    private ErpNextFake fake = ErpNextFake.start();
    private FakeHttp http = new FakeHttp(fake);

    @AfterEach
    void close() {
        fake.close();
    }

    /** A multipart body as a browser or Threadline sends it; the content here is text, so a String carries it. */
    private FakeHttp.Response upload(String issue, String fileName, String content) {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"is_private\"\r\n\r\n1\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"doctype\"\r\n\r\nIssue\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"docname\"\r\n\r\n" + issue + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + BOUNDARY + "--\r\n";
        return http.send("POST", "/api/method/upload_file", body, Map.of("Accept", "application/json",
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY), Duration.ofSeconds(10));
    }

    private String issue(String subject) {
        return http.post("/api/resource/Issue", Map.of("subject", subject)).json().at("/data/name").asText();
    }

    @Test
    void anUpload_isAPrivateFileOnTheIssue_namedByThePart_withAnAttachmentComment_andItsBytesServed() {
        String issue = issue("Printer jammed");

        FakeHttp.Response answer = upload(issue, "wa-1-note.txt", "paper stuck");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/message/file_name").asText()).isEqualTo("wa-1-note.txt");
        assertThat(answer.json().at("/message/file_url").asText()).isEqualTo("/private/files/wa-1-note.txt");
        assertThat(answer.json().at("/message/is_private").asInt()).isEqualTo(1);
        assertThat(answer.json().at("/message/attached_to_name").asText()).isEqualTo(issue);
        assertThat(answer.json().at("/message/name").asText()).hasSize(10);
        assertThat(fake.fileContent("/private/files/wa-1-note.txt")).contains("paper stuck".getBytes(StandardCharsets.UTF_8));
        assertThat(fake.comments(issue)).singleElement().satisfies(c -> {
            assertThat(c.get("comment_type")).isEqualTo("Attachment");
            assertThat((String) c.get("content")).contains("/private/files/wa-1-note.txt");
        });
        FakeHttp.Response download = http.get("/private/files/wa-1-note.txt");
        assertThat(download.raw().body()).isEqualTo("paper stuck");
        assertThat(download.raw().headers().firstValue("Content-Disposition")).contains("attachment");
        assertThat(http.get("/app/issue/" + issue).raw().body()).contains("class=\"attachments\"",
                "href=\"/private/files/wa-1-note.txt\"");
    }

    @Test
    void theSameContentTwice_isASecondFileDocument_sharingTheBytes_andAListFilterFindsByName() {
        String issue = issue("Printer jammed");
        upload(issue, "wa-1-note.txt", "same bytes");
        FakeHttp.Response again = upload(issue, "wa-1-note.txt", "same bytes");
        FakeHttp.Response other = upload(issue, "wa-1-note.txt", "other bytes");

        assertThat(again.json().at("/message/file_url").asText()).isEqualTo("/private/files/wa-1-note.txt");
        assertThat(other.json().at("/message/file_name").asText()).as("the name is taken on disk: hash suffix")
                .matches("wa-1-note[0-9a-f]{6}\\.txt");
        assertThat(fake.attachments(issue)).hasSize(3);
        String filters = FakeHttp.q("[[\"attached_to_doctype\",\"=\",\"Issue\"],[\"attached_to_name\",\"=\",\"" + issue
                + "\"],[\"file_name\",\"=\",\"wa-1-note.txt\"]]");
        assertThat(http.get("/api/resource/File?filters=" + filters).json().at("/data")).hasSize(2);
    }

    @Test
    void aGuestMayNotUpload() {
        String issue = issue("x");
        http = http.as(null);

        assertThat(upload(issue, "a.txt", "x").status()).isEqualTo(403);
        assertThat(fake.attachments(issue)).isEmpty();
    }

    @Test
    void filesAreKeptWithTheSite_acrossARestart() {
        fake.close();
        Path file = dir.resolve("site.json");
        String issue;
        try (ErpNextFake kept = ErpNextFake.start(ErpNextOptions.defaults(), file)) {
            http = new FakeHttp(kept);
            issue = issue("kept");
            fake = kept;
            upload(issue, "wa-2-kept.txt", "still here");
        }
        fake = ErpNextFake.start(ErpNextOptions.defaults(), file);
        assertThat(fake.attachments(issue)).extracting(f -> f.get("file_name")).isEqualTo(List.of("wa-2-kept.txt"));
        assertThat(fake.fileContent("/private/files/wa-2-kept.txt")).contains("still here".getBytes(StandardCharsets.UTF_8));
    }
}
