package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.emulators.erpnext.FakeHttp.Response;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection, the request log and the read-only viewer. */
class ErpNextFakeFaultsTest {

    private static final Map<String, String> JSON_ACCEPT = Map.of("Accept", "application/json");

    private ErpNextFake fake;
    private FakeHttp http;

    @BeforeEach
    void start() {
        fake = ErpNextFake.start();
        http = new FakeHttp(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Response createIssue(Duration timeout) {
        return http.send("POST", "/api/resource/Issue", Map.of("subject", "x"), JSON_ACCEPT, timeout);
    }

    private static void eventually(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 5 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // poll, not a fixed wait
        }
    }

    @Test
    void failNext500_isAQueryDeadlockError_thatWritesNothing_thenRequestsSucceedAgain() {
        fake.faults().failNext(1, 500);

        Response failed = http.post("/api/resource/Issue", Map.of("subject", "x"));

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.json().get("exc_type").asText()).isEqualTo("QueryDeadlockError");
        assertThat(fake.issues()).isEmpty();
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "x")).status()).isEqualTo(200);
        assertThat(fake.faults().injected()).isEqualTo(1);
        assertThat(fake.faults().pending()).isZero();
    }

    @Test
    void failNext502And504_lookLikeNginx_and503LikeMaintenance() {
        fake.faults().failNext(1, 502).failNext(1, 504).failNext(1, 503);

        Response badGateway = http.get("/api/method/ping");
        assertThat(badGateway.status()).isEqualTo(502);
        assertThat(badGateway.header("Content-Type")).startsWith("text/html");
        assertThat(badGateway.body()).contains("<center>nginx</center>");
        assertThat(http.get("/api/method/ping").status()).isEqualTo(504);
        Response maintenance = http.get("/api/method/ping");
        assertThat(maintenance.status()).isEqualTo(503);
        assertThat(maintenance.json().get("exc_type").asText()).isEqualTo("SessionStopped");
    }

    @Test
    void rateLimitNext_answers429TooManyRequestsError_withRetryAfter() {
        fake.faults().rateLimitNext(2, 7);

        Response limited = http.get("/api/resource/Issue");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(limited.json().get("exc_type").asText()).isEqualTo("TooManyRequestsError");
        assertThat(http.get("/api/resource/Issue").status()).isEqualTo(429);
        assertThat(http.get("/api/resource/Issue").status()).isEqualTo(200);
    }

    @Test
    void faultsCanBeLimitedToOneMethodAndPathPrefix_segmentAware() {
        fake.faults().matching("POST", "/api/resource/Issue").failNext(1, 503);

        assertThat(http.get("/api/resource/Issue").status()).isEqualTo(200);
        assertThat(http.post("/api/resource/Issue%20Type", Map.of("name", "Bug")).status()).isEqualTo(200);
        assertThat(http.post("/api/resource/Issue", Map.of("subject", "x")).status()).isEqualTo(503);
        assertThat(fake.faults().injected()).isEqualTo(1);
    }

    @Test
    void delayNext_answersLate_butStillDoesTheWork() {
        fake.faults().delayNext(1, Duration.ofMillis(800));

        assertThatThrownBy(() -> createIssue(Duration.ofMillis(200))).hasRootCauseInstanceOf(HttpTimeoutException.class);

        eventually(() -> fake.issues().size() == 1);
    }

    @Test
    void commitThenTimeoutNext_commitsBeforeTheClientGivesUp() {
        fake.faults().commitThenTimeoutNext(1, Duration.ofSeconds(30));

        assertThatThrownBy(() -> createIssue(Duration.ofMillis(300))).hasRootCauseInstanceOf(HttpTimeoutException.class);

        assertThat(fake.issues()).hasSize(1);
        assertThat(createIssue(Duration.ofSeconds(5)).status()).isEqualTo(200);
    }

    @Test
    void theRequestLogAndRouteCounters_recordEveryApiCall() {
        http.post("/api/resource/Issue", Map.of("subject", "x"));
        http.get("/api/resource/Issue/ISS-" + java.time.Year.now(java.time.ZoneOffset.UTC) + "-00001");
        http.get("/api/resource/Issue/ISS-0000-00009");

        assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(200, 200, 404);
        assertThat(fake.requestCount("GET", "/api/resource/Issue")).isEqualTo(2);
        assertThat(fake.requestCount(null, "/api/resource/Issue")).isEqualTo(3);
        assertThat(fake.routeCounts()).containsEntry("GET /api/resource/Issue/{name}", 2)
                .containsEntry("POST /api/resource/Issue", 1);
    }

    @Test
    void theViewer_needsNoAuth_andEscapesEverythingClientsWrote() {
        String name = http.post("/api/resource/Issue", Map.of("subject", "<b>bold</b>",
                "description", "<script>alert(1)</script>")).json().at("/data/name").asText();
        http.post("/api/method/frappe.desk.form.utils.add_comment", Map.of("reference_doctype", "Issue",
                "reference_name", name, "content", "<img src=x onerror=alert(2)>", "comment_email", "a@example.com",
                "comment_by", "agent"));

        Response index = http.as(null).send("GET", "/", null, Map.of(), Duration.ofSeconds(5));
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        // No auto-refresh any more: it would wipe what an agent is typing into the reply box.
        assertThat(index.body()).contains(name).doesNotContain("http-equiv=\"refresh\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;")
                .contains("&lt;b&gt;bold&lt;/b&gt;")
                .doesNotContain("<script>").doesNotContain("<img").doesNotContain("<b>bold");

        Response one = http.as(null).send("GET", "/app/issue/" + name, null, Map.of(), Duration.ofSeconds(5));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).contains(name).contains("agent");
    }
}
