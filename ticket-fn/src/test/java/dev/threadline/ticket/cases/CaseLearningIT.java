package dev.threadline.ticket.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.CaseStore;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.ResolutionDesk;
import dev.threadline.domain.CaseRecord;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.QueuedJob;
import dev.threadline.domain.TicketStatus;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.SimulatedCrash;
import dev.threadline.ticket.TicketFnSettings;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Resolution learning through ticket-fn's real handler, on DynamoDB Local, ElasticMQ, the ERPNext
 * emulator and the offline embedding model: each "Done when" bullet of the issue (README, "Resolution
 * learning"). The WhatsApp emulator counts every send, so "never sent to the customer" is what it saw.
 */
@ExtendWith(AwsBackend.class)
class CaseLearningIT {

    private static final String BUSINESS = "109876543210987";

    private final AwsEndpoints aws;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private WhatsAppCloudFake whatsapp;
    private ErpNextFake erpnext;
    private ApplicationContext context;
    private SqsClient sqs;
    private LambdaSqsPoller poller;
    private int wamids;

    CaseLearningIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        whatsapp = WhatsAppCloudFake.builder().accessToken("token").appSecret("test-app-secret").clock(clock)
                .approvedTemplate("ticket_update", "en", 1).start();
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        Provisioner.Resources resources = Provisioner.provision(aws, "cl-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.put("threadline.whatsapp.send.graph-url", whatsapp.baseUrl());
        properties.put("threadline.helpdesk-events", "webhooks");
        properties.put("test.crashing-cases", "true");
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        sqs = aws.sqsClient();
        TicketHandler handler = new TicketHandler(context);
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), event -> handler.handleRequest(event, null));
    }

    @AfterEach
    void stop() {
        context.close();
        sqs.close();
        erpnext.close();
        whatsapp.close();
    }

    // --- the issue's "Done when" ---------------------------------------------------------------------

    @Test
    void aResolutionGivesExactlyOneSummaryTagSetAndCase_acrossDuplicateAndOutOfOrderEvents() {
        String ticket = solvedVpnTicket("4915112345678");
        HelpdeskEvent resolved = status(ticket, "4915112345678", TicketStatus.RESOLVED);

        queue(resolved);
        queue(resolved); // Frappe delivers at least once
        erpnext.setIssueStatus(ticket, "Closed");
        queue(status(ticket, "4915112345678", TicketStatus.CLOSED));
        queue(resolved); // the older Resolved arrives after the Closed
        poller.drain(10);

        Map<String, Object> issue = erpnext.issue(ticket).orElseThrow();
        assertThat((String) issue.get("resolution_details")).contains("We renewed your VPN certificate");
        assertThat(tags(issue)).hasSizeBetween(1, 2);
        assertThat(erpnext.requestCount("PUT", "/api/resource/Issue")).as("resolution_details written once").isEqualTo(1);
        assertThat(erpnext.requestCount("POST", "/api/method/frappe.desk.doctype.tag.tag.add_tag"))
                .as("one tag set").isEqualTo(tags(issue).size());
        assertThat(cases()).singleElement().satisfies(c -> {
            assertThat(c.ticketId()).isEqualTo(ticket);
            assertThat(c.summary()).contains("VPN").contains("renewed your VPN certificate").doesNotContain("4915112345678");
            assertThat(c.tags()).isEqualTo(tags(issue));
            assertThat(c.embedding()).hasSize(384);
            assertThat(c.model()).startsWith("all-minilm-l6-v2-q");
        });
    }

    @Test
    void aCrashBetweenTheErpNextWriteAndTheCaseWriteStillGivesExactlyOneCase() {
        String ticket = solvedVpnTicket("4915112345678");
        context.getBean(CrashingCaseStore.class).crashBeforeNextPut();
        queue(status(ticket, "4915112345678", TicketStatus.RESOLVED));
        assertThatThrownBy(() -> poller.pollOnce(1)).isInstanceOf(SimulatedCrash.class);
        assertThat((String) erpnext.issue(ticket).orElseThrow().get("resolution_details")).isNotBlank();
        assertThat(cases()).isEmpty();

        clock.advance(Duration.ofMinutes(7)); // the queue's visibility timeout passes
        poller.drain(10);

        assertThat(cases()).singleElement().extracting(CaseRecord::ticketId).isEqualTo(ticket);
        assertThat(erpnext.requestCount("PUT", "/api/resource/Issue")).isEqualTo(1);
        assertThat(cases().get(0).summary()).isEqualTo(plain(erpnext.issue(ticket).orElseThrow()));
    }

    @Test
    void anAgentsOwnResolutionDetailsAreNeverOverwritten_andTheirLaterEditUpdatesTheCase() {
        String ticket = solvedVpnTicket("4915112345678");
        agentSaves(ticket, Map.of("resolution_details", "<p>Certificate expired; reissued it from the CA portal.</p>"));
        queue(status(ticket, "4915112345678", TicketStatus.RESOLVED));
        poller.drain(10);

        assertThat((String) erpnext.issue(ticket).orElseThrow().get("resolution_details"))
                .isEqualTo("<p>Certificate expired; reissued it from the CA portal.</p>");
        assertThat(cases()).singleElement().extracting(CaseRecord::summary)
                .isEqualTo("Certificate expired; reissued it from the CA portal.");

        agentSaves(ticket, Map.of("resolution_details", "<p>Expired client certificate: reissued it, then restarted the VPN app.</p>"));
        queue(status(ticket, "4915112345678", TicketStatus.RESOLVED));
        poller.drain(10);

        assertThat(cases()).singleElement().extracting(CaseRecord::summary)
                .isEqualTo("Expired client certificate: reissued it, then restarted the VPN app.");
    }

    @Test
    void aNoLearnTagKeepsTheTicketOut() {
        String ticket = solvedVpnTicket("4915112345678");
        queue(status(ticket, "4915112345678", TicketStatus.RESOLVED));
        poller.drain(10);
        assertThat(cases()).hasSize(1);

        agentTags(ticket, "no-learn");
        queue(status(ticket, "4915112345678", TicketStatus.RESOLVED));
        poller.drain(10);

        assertThat(cases()).isEmpty();
    }

    @Test
    void aNewTicketAboutASolvedProblemGetsTheCaseInOneInternalNote_anUnrelatedOneNone_andWhatsAppSendsNothing() {
        String solved = solvedVpnTicket("4915112345678");
        queue(status(solved, "4915112345678", TicketStatus.RESOLVED));
        poller.drain(10);
        int sentBefore = whatsapp.sent().size();

        String omars = open("4917000000001", "Omar", "The VPN client says error 809 and will not connect from home");
        String larss = open("4917000000002", "Lars", "My invoice shows the wrong billing address, please correct it");

        List<Map<String, Object>> omarsNotes = notes(omars);
        assertThat(omarsNotes).singleElement().satisfies(note -> assertThat((String) note.get("content"))
                .contains("Similar resolved cases:").contains(solved).contains("renewed your VPN certificate")
                .contains("score"));
        assertThat(notes(larss)).isEmpty();

        // Even delivered back as a Comment event (ERPNext's webhook excludes Threadline's notes), a note is not sent.
        queue(new HelpdeskEvent("Comment", (String) omarsNotes.get(0).get("name"), "2026-12-06 10:00:00.000001", omars,
                new CustomerKey(BUSINESS, "4917000000001"), HelpdeskEvent.Kind.COMMENT, null,
                "Similar resolved cases: " + solved));
        poller.drain(10);
        assertThat(whatsapp.sent()).as("the WhatsApp emulator received no message").hasSize(sentBefore);
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Jana's VPN ticket, answered by an agent (a reply and an internal note), set Resolved in ERPNext. */
    private String solvedVpnTicket(String phone) {
        String ticket = open(phone, "Jana", "VPN error 809 when I connect from the home office, call me on +49 151 1234 5678");
        erpnext.comment(ticket, "Cause: the client certificate had expired because the renewal job failed.", false);
        erpnext.comment(ticket, "We renewed your VPN certificate; please reconnect.", true);
        erpnext.setIssueStatus(ticket, "Resolved");
        return ticket;
    }

    private String open(String phone, String name, String text) {
        int before = erpnext.issues().size();
        queue(new InboundMessage("wamid.CL" + (++wamids) + UUID.randomUUID(), new CustomerKey(BUSINESS, phone), phone, null, null,
                name, clock.instant(), "text", new Content.Said(text), null, "{}"));
        poller.drain(10);
        assertThat(erpnext.issues()).hasSize(before + 1);
        return (String) erpnext.issues().get(before).get("name");
    }

    private HelpdeskEvent status(String ticket, String phone, TicketStatus status) {
        String modified = (String) erpnext.issue(ticket).orElseThrow().get("modified");
        return new HelpdeskEvent("Issue", ticket, modified, ticket, new CustomerKey(BUSINESS, phone),
                HelpdeskEvent.Kind.STATUS, status, null);
    }

    private void queue(QueuedJob job) {
        context.getBean(JobQueue.class).enqueue(List.of(job));
    }

    private List<CaseRecord> cases() {
        return context.getBean(CaseStore.class).all(context.getBean(ResolutionDesk.class).site());
    }

    private List<Map<String, Object>> notes(String ticket) {
        return erpnext.comments(ticket).stream().filter(c -> "Threadline".equals(c.get("comment_by"))).toList();
    }

    private static List<String> tags(Map<String, Object> issue) {
        String stored = (String) issue.getOrDefault("_user_tags", "");
        return java.util.Arrays.stream(stored.split(",")).filter(t -> !t.isBlank()).toList();
    }

    private static String plain(Map<String, Object> issue) {
        return ((String) issue.get("resolution_details")).replaceAll("</p><p>", "\n").replaceAll("<[^>]+>", "").strip();
    }

    /** An agent's save in the desk: a REST PUT, which fires the Issue's on_change as any save does. */
    private void agentSaves(String ticket, Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v.replace("\"", "\\\"")).append('"'));
        call("PUT", "/api/resource/Issue/" + ticket, json.append('}').toString());
    }

    private void agentTags(String ticket, String tag) {
        call("POST", "/api/method/frappe.desk.doctype.tag.tag.add_tag",
                "{\"tag\":\"" + tag + "\",\"dt\":\"Issue\",\"dn\":\"" + ticket + "\"}");
    }

    private void call(String method, String path, String body) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(erpnext.baseUrl() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "token " + erpnext.options().apiKey() + ":" + erpnext.options().apiSecret())
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
