package dev.threadline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.embedded.QueueTimings;
import dev.threadline.fakes.MutableClock;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.whatsapp.Customer;
import dev.threadline.emulators.whatsapp.SentMessage;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole loop on the local stack, through the emulators only as the outside world would act: a
 * customer writes on (emulated) WhatsApp, Frappe's signed webhooks report what an agent does in the
 * (emulated) ERPNext desk, and WhatsApp's signed status webhooks report on what was sent.
 */
class ConversationLoopIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String BUSINESS = "109876543210987";
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static Stack stack;
    private static ErpNextFake erpnext;
    private static WhatsAppCloudFake whatsapp;

    @BeforeAll
    static void start() {
        stack = Stack.start(null, Map.of("PORT", "0", "ERPNEXT_EMULATOR_PORT", "0", "WHATSAPP_EMULATOR_PORT", "0",
                "SWEEP_INTERVAL", "PT1H"), false, QueueTimings.DEPLOYED, clock);
        erpnext = stack.erpnextEmulator();
        whatsapp = stack.whatsappEmulator();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String issueOf(String customerNumber) {
        return await("a ticket for " + customerNumber, () -> erpnext.issues().stream()
                .filter(i -> customerNumber.equals(i.get("custom_whatsapp_number")))
                .map(i -> (String) i.get("name")).reduce((a, b) -> b).orElse(null));
    }

    private static List<SentMessage> sentTo(String waId) {
        return whatsapp.sent().stream().filter(m -> waId.equals(m.waId()) || ("+" + waId).equals(m.to())).toList();
    }

    private static boolean noteSays(String issue, String words) {
        return erpnext.comments(issue).stream().anyMatch(c -> String.valueOf(c.get("content")).contains(words));
    }

    @Test
    void anAgentsReplyReachesTheCustomer_anInternalNoteNever_andTheTicketShowsWhereTheReplyIs() throws Exception {
        Customer jana = whatsapp.customer(BUSINESS, "4915112345678", "Jana");
        assertThat(jana.sendsText("My printer shows error E42")).isEqualTo(200);
        String issue = issueOf("4915112345678");

        erpnext.comment(issue, "Warranty ran out in May, be careful", false);
        erpnext.comment(issue, "Please switch it off and on again", true);

        SentMessage reply = await("the reply on WhatsApp", () -> sentTo("4915112345678").stream().findFirst().orElse(null));
        assertThat(reply.type()).isEqualTo("text");
        assertThat(reply.body()).isEqualTo("Please switch it off and on again");
        assertThat(await("the read receipt on the ticket", () -> noteSays(issue, "read by the customer"))).isTrue();
        assertThat(sentTo("4915112345678")).as("the internal note never left ERPNext; the reply went once").hasSize(1);
        // The ticket's first reply is timed in the stats (other tests here may add theirs).
        JsonNode stats = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.baseUrl() + "/ops/stats?days=2")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(stats.path("time_to_first_agent_reply").path("tickets").asLong()).isPositive();
    }

    @Test
    void aCloseInErpNextEndsTheEpisode_soTheNextMessageOpensANewTicket() {
        Customer omar = whatsapp.customer(BUSINESS, "4917700000042", "Omar");
        assertThat(omar.sendsText("The app crashes when I log in")).isEqualTo(200);
        String first = issueOf("4917700000042");
        var sessions = stack.context().getBean(dev.threadline.application.port.SessionStore.class);
        var omarsKey = new dev.threadline.domain.CustomerKey(BUSINESS, "4917700000042");
        // The Issue exists in ERPNext a moment before the session records it: wait for that, or "no open
        // ticket" below would be true before the close.
        await("the session on the first ticket", () -> first.equals(sessions.load(omarsKey).openTicketId()));

        erpnext.setIssueStatus(first, "Closed");
        await("the session closed by the helpdesk event", () -> sessions.load(omarsKey).openTicketId() == null);
        assertThat(omar.sendsText("The app crashes when I log in, still")).isEqualTo(200);

        String second = await("a second ticket", () -> {
            String latest = issueOf("4917700000042");
            return latest.equals(first) ? null : latest;
        });
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void outsideTheWindowATemplateGoesOut_andTheReplyFollowsWhenTheCustomerWrites() {
        Customer lea = whatsapp.customer(BUSINESS, "4916090000007", "Lea");
        assertThat(lea.sendsText("Where is my refund?")).isEqualTo(200);
        String issue = issueOf("4916090000007");

        clock.advance(Duration.ofHours(25));
        erpnext.comment(issue, "The refund was sent today", true);

        SentMessage template = await("the template", () -> sentTo("4916090000007").stream().findFirst().orElse(null));
        assertThat(template.isTemplate()).isTrue();
        assertThat(template.parameters()).containsExactly(issue);
        assertThat(await("the waiting note", () -> noteSays(issue, "not sent yet"))).isTrue();

        assertThat(lea.sendsText("ok?")).isEqualTo(200);
        SentMessage reply = await("the held reply", () -> sentTo("4916090000007").stream().filter(m -> !m.isTemplate())
                .findFirst().orElse(null));
        assertThat(reply.body()).isEqualTo("The refund was sent today");
    }
}
