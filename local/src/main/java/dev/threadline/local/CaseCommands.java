package dev.threadline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ./threadline cases [--search TEXT] [--json]} and {@code ./threadline reindex [--all]}, against a
 * running stack (README, "Resolution learning").
 */
final class CaseCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpsCommands ops;
    private final PrintStream out;
    private final PrintStream err;

    CaseCommands(OpsCommands ops, PrintStream out, PrintStream err) {
        this.ops = ops;
        this.out = out;
        this.err = err;
    }

    int cases(List<String> args) throws InterruptedException {
        String search = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--json")) {
                json = true;
            } else if (args.get(i).equals("--search") && i + 1 < args.size() && search == null) {
                search = args.get(++i);
            } else {
                err.println("usage: ./threadline cases [--search TEXT] [--json]");
                return 2;
            }
        }
        HttpResponse<String> answer = ops.call("GET", "/ops/cases"
                + (search == null ? "" : "?search=" + URLEncoder.encode(search, StandardCharsets.UTF_8)));
        if (answer == null || !ok(answer, "cases")) {
            return 1;
        }
        out.print(json ? answer.body() + "\n" : table(read(answer.body()), search != null));
        return 0;
    }

    int reindex(List<String> args) throws InterruptedException {
        if (!args.isEmpty() && !args.equals(List.of("--all"))) {
            err.println("usage: ./threadline reindex [--all]");
            return 2;
        }
        HttpResponse<String> answer = ops.call("POST", "/ops/cases/reindex" + (args.isEmpty() ? "" : "?all=true"));
        if (answer == null || !ok(answer, "reindex")) {
            return 1;
        }
        JsonNode result = read(answer.body());
        out.printf("Recomputed %d of %d cases with %s.%n", result.path("recomputed").asInt(), result.path("cases").asInt(),
                result.path("model").asText());
        return 0;
    }

    static String table(JsonNode rows, boolean scored) {
        if (rows.isEmpty()) {
            return scored ? "No case is similar.\n" : "No cases yet: a ticket becomes a case when it is Resolved or Closed.\n";
        }
        StringBuilder text = new StringBuilder(String.format("  %-16s %-11s %-26s %s%s%n", "TICKET", "RESOLVED", "TAGS",
                scored ? "COSINE " : "", "FIX"));
        for (JsonNode row : rows) {
            String summary = row.path("summary").asText();
            int fix = summary.indexOf("Fix: ");
            String shown = (fix >= 0 ? summary.substring(fix + 5) : summary).replaceAll("\\s+", " ");
            text.append(String.format("  %-16s %-11s %-26s %s%s%n", row.path("ticket").asText(),
                    row.path("resolvedAt").asText().substring(0, 10), String.join(", ", JSON.convertValue(row.path("tags"),
                            String[].class)), scored ? String.format("%-7.2f", row.path("cosine").asDouble()) : "",
                    shown.length() > 70 ? shown.substring(0, 69) + "…" : shown));
        }
        return text.toString();
    }

    private boolean ok(HttpResponse<String> answer, String command) {
        if (answer.statusCode() == 200) {
            return true;
        }
        err.println("threadline " + command + ": " + (answer.statusCode() == 404
                ? "resolution learning is off in this stack (CASES=off)" : answer.body()) + " (HTTP " + answer.statusCode() + ")");
        return false;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON", e);
        }
    }
}
