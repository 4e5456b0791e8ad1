package dev.threadline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * The demo's second half: agents answer from the ERPNext emulator's page, as a person would (its
 * reply and status forms), and the demo shows what reached the customer on the emulated WhatsApp: a
 * reply, an internal note that stays, a template outside the 24-hour window with the reply that
 * follows the customer's answer, and a close that makes the next message a new ticket.
 */
final class DemoAgents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Demo demo;
    private final String stackUrl;
    private final String erpnextUrl;
    private final String erpnextAuth;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoAgents(Demo demo, String stackUrl, String erpnextUrl, String erpnextAuth, PrintStream out) {
        this.demo = demo;
        this.stackUrl = stackUrl;
        this.erpnextUrl = erpnextUrl;
        this.erpnextAuth = erpnextAuth;
        this.out = out;
    }

    void run(String janasTicket, String omarsTicket) throws IOException, InterruptedException {
        out.println("\nAgents answer from ERPNext (the emulator's page: " + erpnextUrl + "/)");
        form(janasTicket, "reply", "text=" + enc("We restarted the jump host. Please try again.") + "&visibility=customer");
        out.printf("  %-58s -> %s%n", "Agent replies on " + janasTicket + " (\"reply: We restarted…\")",
                arrived(Demo.JANA.waId(), m -> m.path("type").asText().equals("text")));
        out.printf("  %-58s -> %s%n", "", awaitNote(janasTicket, "read by the customer", "delivered", "sent on WhatsApp"));
        form(omarsTicket, "reply", "text=" + enc("His account may be locked; check AD first.") + "&visibility=internal");
        out.printf("  %-58s -> stays in ERPNext (%d message(s) to Omar on WhatsApp)%n",
                "Agent leaves an internal note on " + omarsTicket, sentTo(Demo.OMAR.waId()).size());

        String miasTicket = demo.stepAndTicket("Mia wrote yesterday evening (26 hours ago)", Demo.MIA,
                Duration.ofHours(26), "My order 5521 never arrived");
        form(miasTicket, "reply", "text=" + enc("Your parcel was re-sent today.") + "&visibility=customer");
        out.printf("  %-58s -> %s%n", "Agent replies on " + miasTicket + ", outside the 24 h window",
                arrived(Demo.MIA.waId(), m -> m.path("type").asText().equals("template")));
        out.printf("  %-58s -> %s%n", "", awaitNote(miasTicket, "not sent yet"));
        demo.stepAndTicket("Mia answers the template", Demo.MIA, Duration.ZERO, "ok, thanks");
        out.printf("  %-58s -> %s%n", "The waiting reply follows", arrived(Demo.MIA.waId(),
                m -> m.path("type").asText().equals("text")));

        form(omarsTicket, "status", "status=Closed");
        // ERPNext reports the close by webhook, in the background: wait for it, as Omar is not writing this second.
        out.printf("  %-58s -> %s%n", "Agent closes " + omarsTicket, awaitSessionClosed(Demo.OMAR)
                ? "ERPNext's webhook ends the session" : "the session is still open after 60 s (see .threadline/run.log)");
        String next = demo.stepAndTicket("Omar writes again", Demo.OMAR, Duration.ZERO, "Outlook asks for my password again");
        out.printf("  %-58s -> %s%n", "", next.equals(omarsTicket) ? "SAME ticket (unexpected)" : "a new ticket, " + next);
    }

    private boolean awaitSessionClosed(Demo.Customer customer) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stackUrl + "/ops/customers/"
                    + URLEncoder.encode(customer.key(), StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (JSON.readTree(response.body()).path("session").path("session_status").asText().equals("CLOSED")) {
                return true;
            }
            Thread.sleep(100); // a CLI polling a running stack, not a test
        }
        return false;
    }

    void form(String ticket, String action, String body) throws IOException, InterruptedException {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(erpnextUrl + "/app/issue/"
                        + URLEncoder.encode(ticket, StandardCharsets.UTF_8).replace("+", "%20") + "/" + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 303 && response.statusCode() != 200) {
            throw new IOException("the ERPNext emulator's " + action + " form answered " + response.statusCode());
        }
    }

    /** Waits until the emulated WhatsApp delivered a matching message to the customer; says what it was. */
    private String arrived(String waId, Predicate<JsonNode> which) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> matching = sentTo(waId).stream().filter(which).toList();
            if (!matching.isEmpty()) {
                JsonNode last = matching.get(matching.size() - 1);
                return "on WhatsApp: " + last.path("type").asText() + " \"" + last.path("text").asText() + "\"";
            }
            Thread.sleep(100); // a CLI polling a running stack, not a test
        }
        return "NOT on WhatsApp within 60 s (see .threadline/run.log)";
    }

    private List<JsonNode> sentTo(String waId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stackUrl + "/ops/whatsapp/sent")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("this part of the demo needs the stack's WhatsApp emulator (WHATSAPP_GRAPH_URL unset)");
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(response.body()).forEach(m -> {
            if (waId.equals(m.path("to").asText())) {
                out.add(m);
            }
        });
        return out;
    }

    /** Waits for Threadline's note on the ticket to say one of {@code states}; returns the note. */
    private String awaitNote(String ticket, String... states) throws IOException, InterruptedException {
        String note = awaitComment(ticket, text -> text.startsWith("Threadline") && List.of(states).stream().anyMatch(text::contains));
        return note == null ? "no note on the ticket within 60 s" : "the ticket's note: " + note.substring(note.indexOf(": ") + 2);
    }

    /** Waits for a Comment on the ticket whose plain text matches; that text, or null after 60 s. */
    String awaitComment(String ticket, Predicate<String> matches) throws IOException, InterruptedException {
        String filters = URLEncoder.encode("[[\"reference_doctype\",\"=\",\"Issue\"],[\"reference_name\",\"=\",\"" + ticket
                + "\"],[\"comment_type\",\"=\",\"Comment\"]]", StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(erpnextUrl
                    + "/api/resource/Comment?fields=%5B%22content%22%5D&limit_page_length=0&filters=" + filters))
                    .header("Authorization", erpnextAuth).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode c : JSON.readTree(response.body()).path("data")) {
                String text = c.path("content").asText().replaceAll("</p><p>", "\n").replaceAll("<[^>]*>", "");
                if (matches.test(text)) {
                    return text;
                }
            }
            Thread.sleep(100); // a CLI polling a running stack, not a test
        }
        return null;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
