package dev.threadline.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The demo's resolution-learning step (README, "Resolution learning"): an agent resolves Jana's outage
 * ticket, which they answered before ("We restarted the jump host"); ERPNext's webhook makes it a case;
 * then Kai, another customer, reports the same outage in other words, and his new ticket gets an internal
 * note naming Jana's solved ticket. Kai receives nothing on WhatsApp: the note is for the agent.
 */
final class DemoCases {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Demo demo;
    private final DemoAgents agents;
    private final String stackUrl;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoCases(Demo demo, DemoAgents agents, String stackUrl, PrintStream out) {
        this.demo = demo;
        this.agents = agents;
        this.stackUrl = stackUrl;
        this.out = out;
    }

    void run(String janasTicket) throws IOException, InterruptedException {
        out.println("\nA solved ticket teaches the next one");
        agents.form(janasTicket, "status", "status=Resolved");
        out.printf("  %-58s -> %s%n", "Agent resolves " + janasTicket, awaitCase(janasTicket)
                ? "ERPNext's webhook: summary and tags written to the Issue, a case stored (./threadline cases)"
                : "no case within 60 s (see .threadline/run.log)");
        String kais = demo.stepAndTicket("Kai (another customer) reports the same outage", Demo.KAI, Duration.ZERO,
                "ssh to the jump host 10.221.35.60 times out");
        String note = agents.awaitComment(kais, text -> text.startsWith("Similar resolved cases"));
        out.printf("  %-58s -> %s%n", "", note == null ? "no similar case noted within 60 s (see .threadline/run.log)"
                : "internal note on " + kais + ": " + note.lines().skip(1).findFirst().orElse("").replaceAll(" \\[.*", ""));
    }

    /** The webhook and the learning run in the background: wait until the stack lists the case. */
    private boolean awaitCase(String ticket) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> cases = http.send(HttpRequest.newBuilder(URI.create(stackUrl + "/ops/cases")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (cases.statusCode() == 200 && cases.body().contains("\"ticket\":\"" + ticket + "\"")) {
                return true;
            }
            Thread.sleep(100); // a CLI polling a running stack, not a test
        }
        return false;
    }
}
