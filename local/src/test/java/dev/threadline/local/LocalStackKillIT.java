package dev.threadline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --data-dir}: the local stack, as a JVM of its own, is killed with SIGKILL while signed webhooks
 * arrive and tickets are being written, then started again on the same directory. Every message it had
 * answered 200 is in its (embedded, kept) ERPNext exactly once afterwards.
 */
class LocalStackKillIT {

    private static final Pattern WEBHOOK = Pattern.compile("webhook\\s+(http://localhost:\\d+)/webhooks/whatsapp");
    private static final Pattern EMULATOR = Pattern.compile("issues at (http://127\\.0\\.0\\.1:\\d+)/");
    private static final Pattern RESUMED = Pattern.compile("jobs resumed: (\\d+)");
    private static final int CUSTOMERS = 6;
    private static final int MESSAGES_EACH = 30;
    private static final int ACKS_BEFORE_KILL = 60;

    private final List<Process> processes = new ArrayList<>();
    private volatile String erpnext;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void everyMessageAnswered200BeforeAKill9_isInErpNextExactlyOnceAfterTheRestart() throws Exception {
        Path dataDir = Files.createTempDirectory("threadline-kill").resolve("data"); // not there yet: run creates it
        String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
        Instant t0 = Instant.now().minusSeconds(600);

        String first = startStack(dataDir, "first").baseUrl();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try {
                for (int n = 0; n < MESSAGES_EACH; n++) {
                    for (int c = 0; c < CUSTOMERS; c++) {
                        String wamid = String.format("wamid.K%sC%dM%03d", run, c, n);
                        byte[] body = Webhooks.text("49151000000" + c, wamid, t0.plusSeconds(n),
                                n % 7 == 0 ? "new problem " + n + ": the printer on floor " + c + " is jammed" : "still broken, attempt " + n);
                        sent.add(wamid);
                        if (Webhooks.post(first, body) == 200) {
                            acked.add(wamid);
                        }
                    }
                }
            } catch (IOException | InterruptedException killed) {
                // the stack was killed mid-request: that message was never acknowledged
            }
        });
        Webhooks.await(Duration.ofSeconds(60), ACKS_BEFORE_KILL + " acknowledged webhooks while tickets are being written",
                () -> acked.size() >= ACKS_BEFORE_KILL && appliedCounts(acked).containsValue(1));
        processes.get(0).destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
        assertThat(processes.get(0).waitFor(20, TimeUnit.SECONDS)).isTrue();
        load.get(30, TimeUnit.SECONDS);
        assertThat(acked.size()).as("the kill came mid-load").isLessThan(CUSTOMERS * MESSAGES_EACH);

        Started restarted = startStack(dataDir, "second");
        String second = restarted.baseUrl();
        Matcher resumed = RESUMED.matcher(restarted.summary());
        assertThat(resumed.find() && Integer.parseInt(resumed.group(1)) > 0)
                .as("jobs queued before the kill were resumed from disk: %s", restarted.summary()).isTrue();
        Webhooks.await(Duration.ofSeconds(90), "every acknowledged message applied after the restart",
                () -> !appliedCounts(acked).containsValue(0));
        Webhooks.await(Duration.ofSeconds(30), "the jobs queue drained", () -> health(second).path("queuedJobs").asInt() == 0);

        System.out.printf("kill -9 after %d of %d webhooks acknowledged; %s%n", acked.size(), sent.size(), resumed.group());
        Map<String, Integer> counts = appliedCounts(acked);
        assertThat(counts).as("each acknowledged message's ERPNext effect").allSatisfy((wamid, n) -> assertThat(n).isEqualTo(1));
        assertThat(appliedCounts(sent).values()).as("nothing is applied twice, acknowledged or not").allMatch(n -> n <= 1);
        assertThat(health(second).path("deadLetteredJobs").asInt()).isZero();
    }

    private record Started(String baseUrl, String summary) {}

    /** Starts {@link StackProcess} on the built classpath; returns once it has printed its summary. */
    private Started startStack(Path dataDir, String name) throws IOException {
        Path log = Files.createTempFile("threadline-" + name, ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StackProcess.class.getName(), dataDir.toString())
                .redirectError(log.toFile());
        // One poller, so that jobs queue up behind it and some are still queued when the kill comes.
        builder.environment().putAll(Map.of("PORT", "0", "ERPNEXT_EMULATOR_PORT", "0", "WHATSAPP_EMULATOR_PORT", "0",
                "SWEEP_INTERVAL", "PT1H", "LOG_LEVEL", "WARN", "LOCAL_POLLERS", "1"));
        Process process = builder.start();
        processes.add(0, process);
        CompletableFuture<Started> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder summary = new StringBuilder();
                String baseUrl = null;
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = WEBHOOK.matcher(line);
                    if (m.find()) {
                        baseUrl = m.group(1);
                    }
                    if (baseUrl != null) {
                        summary.append(line).append('\n');
                    }
                    Matcher emulator = EMULATOR.matcher(line);
                    if (emulator.find()) {
                        erpnext = emulator.group(1);
                    }
                    if (baseUrl != null && line.contains("./threadline demo")) { // the summary's last line
                        ready.complete(new Started(baseUrl, summary.toString()));
                    }
                }
                ready.completeExceptionally(new IllegalStateException("the " + name + " stack exited; see " + log));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            return ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the " + name + " stack did not start: " + Files.readString(log), e);
        }
    }

    /** How often each message id appears in ERPNext: in an Issue's description or in a Communication. */
    private Map<String, Integer> appliedCounts(Set<String> wamids) {
        String text = erpnextList("Issue", "description") + erpnextList("Communication", "content");
        Map<String, Integer> counts = new TreeMap<>();
        for (String wamid : wamids) {
            counts.put(wamid, (text.length() - text.replace(wamid, "").length()) / wamid.length());
        }
        return counts;
    }

    /** One field of every document of a doctype, read from the stack's emulator as Frappe's REST API lists it. */
    private String erpnextList(String doctype, String field) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(erpnext + "/api/resource/" + doctype + "?limit_page_length=0&fields="
                    + URLEncoder.encode("[\"" + field + "\"]", StandardCharsets.UTF_8)))
                    .header("Authorization", "token threadline-key:threadline-secret").build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode health(String baseUrl) {
        try {
            return new ObjectMapper().readTree(Webhooks.get(baseUrl + "/health"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
