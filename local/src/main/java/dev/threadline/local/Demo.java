package dev.threadline.local;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.adapter.whatsapp.WebhookSignature;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a realistic multi-customer WhatsApp conversation through correctly signed webhooks, waits
 * for each step to be applied, then prints the tickets and the decisions. Covers follow-ups, a new
 * issue mid-conversation, a duplicate delivery, a burst, a 25-hour gap, a photo and a location.
 */
public final class Demo {

    static final String PHONE_NUMBER_ID = "109876543210987";
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);

    private final String stackUrl;
    private final String erpnextUrl;
    private final String erpnextAuth;
    private final WebhookSignature signature;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MetaPayloads meta = new MetaPayloads(PHONE_NUMBER_ID, Instant.now());

    public Demo(String stackUrl, String erpnextUrl, String apiKey, String apiSecret, String appSecret, PrintStream out) {
        this.stackUrl = stackUrl;
        this.erpnextUrl = erpnextUrl;
        this.erpnextAuth = "token " + apiKey + ":" + apiSecret;
        this.signature = new WebhookSignature(appSecret);
        this.out = out;
    }

    /** A customer of the demo. */
    record Customer(String name, String waId, String userId) {
        String key() {
            return PHONE_NUMBER_ID + ":" + (userId != null ? userId : waId);
        }
    }

    static final Customer JANA = new Customer("Jana Kowalski", "4915112345678", null);
    static final Customer OMAR = new Customer("Omar Haddad", "971501234567", null);
    static final Customer OLA = new Customer("Ola Nordmann", null, "NO.88123409871234567");
    static final Customer LARS = new Customer("Lars Berg", "4670123456", null);
    static final Customer MIA = new Customer("Mia Schulz", "4930555000111", null);
    static final Customer KAI = new Customer("Kai Becker", "4917612345000", null);
    static final List<Customer> CUSTOMERS = List.of(JANA, OMAR, OLA, LARS, MIA, KAI);

    /** What the demo left behind, read back from ERPNext and the stack. */
    public record Result(List<Map<String, Object>> tickets) {}

    public Result run() throws IOException, InterruptedException {
        out.println("Replaying a WhatsApp conversation set against " + stackUrl + "\n");
        step("Jana reports an outage", JANA, List.of(meta.text(JANA, Duration.ofMinutes(40),
                "Can't SSH to 10.221.35.60 since this morning")));
        byte[] followUp = step("Jana follows up", JANA, List.of(meta.text(JANA, Duration.ofMinutes(30), "still down")));
        out.printf("  %-58s -> %d, dropped: already applied%n", "Meta delivers that follow-up again (duplicate)",
                post(followUp));
        step("Omar sends three messages in one webhook", OMAR, List.of(
                meta.text(OMAR, Duration.ofMinutes(20).plusSeconds(0), "Outlook keeps asking for my password"),
                meta.text(OMAR, Duration.ofMinutes(20).minusSeconds(10), "tried restarting Outlook"),
                meta.text(OMAR, Duration.ofMinutes(20).minusSeconds(20), "still asking for the password")));
        step("Ola (a username, no phone number) sends a screenshot", OLA, List.of(meta.image(OLA, Duration.ofMinutes(15),
                "error on the login screen")));
        step("Jana raises a new issue mid-conversation", JANA, List.of(meta.text(JANA, Duration.ofMinutes(10),
                "Also a new issue: the printer on floor 3 is jammed")));
        step("Jana shares where the printer is (a location)", JANA, List.of(meta.location(JANA, Duration.ofMinutes(9),
                "Printer room, floor 3", "Alexanderplatz 1, 10178 Berlin", 52.520008, 13.404954)));
        step("Lars writes about his laptop", LARS, List.of(meta.text(LARS, Duration.ofHours(25).plusMinutes(10),
                "Laptop battery is swelling")));
        step("Lars writes again 25 hours later", LARS, List.of(meta.text(LARS, Duration.ofMinutes(5),
                "the replacement laptop has no VPN profile")));
        List<Map<String, Object>> customersOnly = tickets();
        if (hasWhatsAppEmulator()) {
            DemoAgents agents = new DemoAgents(this, stackUrl, erpnextUrl, erpnextAuth, out);
            agents.run(ticketOf(customersOnly, JANA), ticketOf(customersOnly, OMAR));
            new DemoCases(this, agents, stackUrl, out).run(ticketOf(customersOnly, JANA));
        } else {
            out.println("\n(The agents' half of the demo needs the stack's WhatsApp emulator; WHATSAPP_GRAPH_URL is set.)");
        }
        out.println();
        Result result = new Result(tickets());
        printTickets(result);
        printSessions();
        out.println("\nSee them in ERPNext: " + erpnextUrl + "/");
        return result;
    }

    /** One text from {@code customer}, sent {@code ago} before the demo started; the ticket it went to. */
    String stepAndTicket(String title, Customer customer, Duration ago, String text) throws IOException, InterruptedException {
        ObjectNode message = meta.text(customer, ago, text);
        step(title, customer, List.of(message));
        JsonNode decision = awaitDecision(customer, message.path("id").asText());
        return decision == null ? "(not applied)" : decision.path("ticket").asText();
    }

    private static String ticketOf(List<Map<String, Object>> tickets, Customer customer) {
        return tickets.stream().filter(t -> customer.name().equals(t.get("customer")))
                .map(t -> (String) t.get("name")).findFirst().orElseThrow();
    }

    private boolean hasWhatsAppEmulator() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stackUrl + "/ops/whatsapp/sent")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends one webhook, waits until each of its messages is applied and prints how each was decided:
     * one line for a single message, one line per decision for a burst. Returns the signed body.
     */
    private byte[] step(String title, Customer customer, List<ObjectNode> messages) throws IOException, InterruptedException {
        byte[] bytes = JSON.writeValueAsBytes(meta.envelope(customer, messages));
        int status = post(bytes);
        out.printf("  %-58s -> %d", title, status);
        JsonNode previous = null;
        int from = 0;
        for (int i = 0; i <= messages.size(); i++) {
            JsonNode decision = i < messages.size() ? awaitDecision(customer, messages.get(i).path("id").asText()) : null;
            if (i > 0 && (i == messages.size() || decision == null || !decision.equals(previous))) {
                String which = messages.size() == 1 ? "" : from + 1 == i ? "message " + i + ": " : "messages " + (from + 1) + "-" + i + ": ";
                out.print((messages.size() == 1 ? ", " : "\n      ") + which + (previous == null
                        ? "NOT APPLIED within 60 s (see .threadline/run.log)" : describe(previous) + " -> " + previous.path("ticket").asText()));
                from = i;
            }
            previous = decision;
        }
        out.println();
        return bytes;
    }

    private int post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stackUrl + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Polls the stack until the message's turn is decided and applied: its decision, or null after 60 s. */
    private JsonNode awaitDecision(Customer customer, String messageId) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode view = getJson(stackUrl + "/ops/customers/" + URLEncoder.encode(customer.key(), StandardCharsets.UTF_8), null);
            JsonNode session = view.path("session");
            boolean pending = !session.path("pending").isNull() && !session.path("pending").isMissingNode();
            for (JsonNode d : view.path("decisions")) {
                for (JsonNode id : d.path("messages")) {
                    // The session, tickets and decisions are separate reads: wait until they agree.
                    if (id.asText().equals(messageId) && !pending && !d.path("ticket").asText("").isEmpty()) {
                        return d;
                    }
                }
            }
            Thread.sleep(100); // a CLI polling a running stack, not a test
        }
        return null;
    }

    /** "SAME by the offline judge, 82 % sure: close to the recent messages", in plain words. */
    static String describe(JsonNode d) {
        String stage = switch (d.path("stage").asText()) {
            case "RULE" -> "by rule";
            case "OFFLINE" -> "by the offline judge";
            case "LLM" -> "by the LLM";
            default -> "by default (judge unavailable)";
        };
        String reason = d.path("reason").asText();
        int colon = reason.indexOf(": ");
        String why = reason.startsWith("offline ") ? (colon < 0 ? "" : reason.substring(colon + 2)) : reason;
        String sure = d.path("confidence").isNumber() ? String.format(", %.0f %% sure", d.path("confidence").asDouble() * 100) : "";
        return d.path("decision").asText() + " " + stage + sure + (why.isBlank() ? "" : " (" + why + ")");
    }

    private List<Map<String, Object>> tickets() throws IOException, InterruptedException {
        String fields = URLEncoder.encode("[\"name\",\"status\",\"subject\",\"priority\",\"custom_customer_key\",\"custom_needs_triage\"]",
                StandardCharsets.UTF_8);
        JsonNode issues = getJson(erpnextUrl + "/api/resource/Issue?fields=" + fields
                + "&order_by=creation%20asc&limit_page_length=0", erpnextAuth).path("data");
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode issue : issues) {
            String filters = URLEncoder.encode("[[\"reference_doctype\",\"=\",\"Issue\"],[\"reference_name\",\"=\",\""
                    + issue.path("name").asText() + "\"]]", StandardCharsets.UTF_8);
            int posts = getJson(erpnextUrl + "/api/resource/Communication?filters=" + filters
                    + "&limit_page_length=0", erpnextAuth).path("data").size();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", issue.path("name").asText());
            row.put("status", issue.path("status").asText());
            row.put("priority", issue.path("priority").asText(""));
            row.put("customer", customerName(issue.path("custom_customer_key").asText()));
            row.put("subject", issue.path("subject").asText());
            row.put("posts", posts);
            out.add(row);
        }
        return out;
    }

    private void printTickets(Result result) {
        out.println("Tickets in ERPNext");
        out.printf("  %-15s %-7s %-8s %-14s %-5s %s%n", "TICKET", "STATUS", "PRIORITY", "CUSTOMER", "POSTS", "SUBJECT");
        for (Map<String, Object> t : result.tickets()) {
            out.printf("  %-15s %-7s %-8s %-14s %-5s %s%n", t.get("name"), t.get("status"), t.get("priority"),
                    t.get("customer"), t.get("posts"), t.get("subject"));
        }
    }

    private void printSessions() {
        out.println("\nEach customer's decisions, with stage, confidence and reason:");
        for (Customer c : CUSTOMERS) {
            out.printf("  ./threadline session %-40s (%s)%n", c.key(), c.name());
        }
    }

    private static String customerName(String key) {
        return CUSTOMERS.stream().filter(c -> c.key().equals(key)).map(Customer::name).findFirst().orElse("not the demo's");
    }

    private JsonNode getJson(String url, String auth) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (auth != null) {
            request.header("Authorization", auth);
        }
        HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
