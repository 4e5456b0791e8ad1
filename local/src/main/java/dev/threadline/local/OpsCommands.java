package dev.threadline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.CustomerKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that ask a running stack ({@code session}, {@code dlq}, {@code stats}). Each failure is
 * one sentence on stderr and a non-zero exit: a bad argument (2), no stack or an error answer (1).
 */
final class OpsCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stackUrl;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    OpsCommands(String stackUrl, PrintStream out, PrintStream err) {
        this.stackUrl = stackUrl;
        this.out = out;
        this.err = err;
    }

    /** {@code session [--json] <customer key>}. */
    int session(List<String> args) throws InterruptedException {
        List<String> rest = new ArrayList<>(args);
        boolean json = rest.remove("--json");
        if (rest.size() != 1) {
            return fail(2, "usage: ./threadline session [--json] <phone_number_id>:<user>");
        }
        try {
            CustomerKey.parse(rest.get(0));
        } catch (IllegalArgumentException e) {
            return fail(2, "threadline session: " + SessionTable.badKey(rest.get(0)));
        }
        HttpResponse<String> answer = call("GET", "/ops/customers/" + URLEncoder.encode(rest.get(0), StandardCharsets.UTF_8));
        if (answer == null || !ok(answer, "session")) {
            return 1;
        }
        out.print(json ? answer.body() + "\n" : SessionTable.render(read(answer.body())));
        return 0;
    }

    /** {@code dlq [--json]} or {@code dlq redrive}. */
    int dlq(List<String> args) throws InterruptedException {
        List<String> rest = new ArrayList<>(args);
        boolean json = rest.remove("--json");
        if (!rest.isEmpty() && !rest.equals(List.of("redrive"))) {
            return fail(2, "usage: ./threadline dlq [--json] [redrive]");
        }
        boolean redrive = !rest.isEmpty();
        HttpResponse<String> answer = redrive ? call("POST", "/ops/dlq/redrive") : call("GET", "/ops/dlq");
        if (answer == null || !ok(answer, "dlq")) {
            return 1;
        }
        out.print(json ? answer.body() + "\n" : redrive ? redriven(read(answer.body())) : deadLetters(read(answer.body())));
        return 0;
    }

    private static String redriven(JsonNode answer) {
        long moved = answer.path("redriven").asLong();
        return moved == 0 ? "The dead-letter queue is empty: nothing to move back.\n"
                : "Moved " + moved + (moved == 1 ? " job" : " jobs") + " back to the jobs queue; each is applied afresh, in order.\n";
    }

    private static String deadLetters(JsonNode jobs) {
        if (jobs.isEmpty()) {
            return "The dead-letter queue is empty.\n";
        }
        StringBuilder text = new StringBuilder("Dead-letter queue: " + jobs.size() + (jobs.size() == 1 ? " job" : " jobs")
                + " (./threadline dlq redrive moves them back)\n");
        text.append(String.format("  %-38s %-8s %s%n", "SQS MESSAGE ID", "RECEIVES", "REASON"));
        for (JsonNode job : jobs) {
            text.append(String.format("  %-38s %-8s %s%n", job.path("sqsMessageId").asText(), job.path("receives").asText("-"),
                    job.path("reason").asText()));
        }
        return text.toString();
    }

    /** {@code stats [--days N] [--json]}. */
    int stats(List<String> args) throws InterruptedException {
        int days = 7;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--json")) {
                json = true;
            } else if (args.get(i).equals("--days") && i + 1 < args.size() && args.get(i + 1).matches("\\d{1,4}")) {
                days = Integer.parseInt(args.get(++i));
            } else {
                return fail(2, "usage: ./threadline stats [--days N] [--json]");
            }
        }
        HttpResponse<String> answer = call("GET", (json ? "/ops/stats" : "/ops/stats.txt") + "?days=" + days);
        if (answer == null || !ok(answer, "stats")) {
            return 1;
        }
        out.print(answer.body() + (json ? "\n" : "") + (json ? "" : "\nAs a page: " + stackUrl + "/stats?days=" + days + "\n"));
        return 0;
    }

    /** The answer, or null after saying that no stack answers. */
    HttpResponse<String> call(String method, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stackUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println(notRunning(stackUrl));
            return null;
        } catch (IOException e) {
            err.println("threadline: the stack at " + stackUrl + " did not answer (" + e.getClass().getSimpleName()
                    + "); see .threadline/run.log");
            return null;
        }
    }

    static String notRunning(String stackUrl) {
        return "threadline: no local stack answers at " + stackUrl + " (connection refused); start it with ./threadline run";
    }

    private boolean ok(HttpResponse<String> answer, String command) {
        if (answer.statusCode() == 200) {
            return true;
        }
        String sentence = answer.body();
        try {
            sentence = read(answer.body()).path("error").asText(answer.body());
        } catch (IllegalStateException notJson) {
            // a plain-text error is already the sentence
        }
        err.println("threadline " + command + ": " + sentence + " (HTTP " + answer.statusCode() + ")");
        return false;
    }

    private int fail(int exit, String sentence) {
        err.println(sentence);
        return exit;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }
}
