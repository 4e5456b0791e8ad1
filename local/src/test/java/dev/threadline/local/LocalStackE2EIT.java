package dev.threadline.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.emulators.erpnext.ErpNextFake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local runner started in-process, the demo driven over HTTP against it with signed webhooks,
 * and the final ERPNext state, the stats and both pages (in a real headless Chromium) asserted.
 */
class LocalStackE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Stack stack;
    private static Demo.Result result;
    private static String printed;

    @BeforeAll
    static void startAndReplayTheDemo() throws Exception {
        stack = Stack.start(null, Map.of("PORT", "0", "ERPNEXT_EMULATOR_PORT", "0", "WHATSAPP_EMULATOR_PORT", "0",
                "SWEEP_INTERVAL", "PT1H"), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result = new Demo(stack.baseUrl(), stack.erpnextUrl(), "threadline-key", "threadline-secret",
                Stack.DEFAULT_APP_SECRET, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        printed = out.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDemoLeavesExactlyTheExpectedTicketsInErpNext() {
        ErpNextFake erpnext = stack.erpnextEmulator();
        List<Map<String, Object>> issues = erpnext.issues();
        assertThat(issues).extracting(i -> (String) i.get("subject")).containsExactly(
                "Can't SSH to 10.221.35.60 since this morning",
                "Outlook keeps asking for my password",
                "[image] error on the login screen",
                "Also a new issue: the printer on floor 3 is jammed",
                "Laptop battery is swelling",
                "the replacement laptop has no VPN profile",
                "My order 5521 never arrived",
                "Outlook asks for my password again",
                "ssh to the jump host 10.221.35.60 times out");
        assertThat(issues).extracting(i -> (String) i.get("custom_customer_key")).containsExactly(
                Demo.JANA.key(), Demo.OMAR.key(), Demo.OLA.key(), Demo.JANA.key(), Demo.LARS.key(), Demo.LARS.key(),
                Demo.MIA.key(), Demo.OMAR.key(), Demo.KAI.key());
        // Jana's follow-up is on her first ticket once, although Meta delivered it twice.
        List<Map<String, Object>> janaPosts = erpnext.communications((String) issues.get(0).get("name"));
        assertThat(janaPosts).singleElement().satisfies(c -> assertThat((String) c.get("content")).contains("still down"));
        // Omar's three messages are one ticket: the rest of the burst is on it, whichever batches they came in.
        String omarDescription = (String) issues.get(1).get("description");
        String omarPosts = erpnext.communications((String) issues.get(1).get("name")).toString();
        assertThat(omarDescription + omarPosts).contains("tried restarting Outlook", "still asking for the password");
        assertThat(erpnext.communications((String) issues.get(4).get("name"))).isEmpty();
        // Jana's location is on the printer ticket: its name, address and a map link.
        assertThat(erpnext.communications((String) issues.get(3).get("name")).toString())
                .contains("Printer room, floor 3", "Alexanderplatz 1, 10178 Berlin", "openstreetmap.org/?mlat=52.520008");
        // Ola's screenshot is a private file on her ticket, copied from the WhatsApp emulator, without a failure note.
        assertThat(erpnext.attachments((String) issues.get(2).get("name"))).singleElement()
                .satisfies(f -> assertThat(f.get("file_name")).isEqualTo("wa-1022334455667788-image.jpg"));
        assertThat(erpnext.comments((String) issues.get(2).get("name"))).noneMatch(c -> "Comment".equals(c.get("comment_type")));
        assertThat(result.tickets()).hasSize(9);
        // Resolution learning: Jana's resolved outage carries its summary and tags, and Kai's ticket about the same
        // outage got one internal note naming it; nothing of it went to Kai on WhatsApp.
        String janas = (String) issues.get(0).get("name");
        assertThat((String) issues.get(0).get("resolution_details")).contains("We restarted the jump host");
        assertThat((String) issues.get(0).get("_user_tags")).isNotBlank();
        assertThat(erpnext.comments((String) issues.get(8).get("name"))).singleElement()
                .satisfies(c -> assertThat((String) c.get("content")).contains("Similar resolved cases:", janas));
        assertThat(printed).contains("internal note on " + issues.get(8).get("name") + ": " + janas);
        assertThat(stack.whatsappEmulator().sent()).noneMatch(m -> Demo.KAI.waId().equals(m.to()));
        // The agents' half: Jana's reply arrived as text, Mia got the template, then the reply after she answered.
        assertThat(printed).contains("on WhatsApp: text \"We restarted the jump host. Please try again.\"",
                "on WhatsApp: template", "on WhatsApp: text \"Your parcel was re-sent today.\"", "a new ticket, ");
        assertThat(stack.whatsappEmulator().sent()).as("the internal note on Omar's ticket never left ERPNext")
                .noneMatch(m -> String.valueOf(m.body()).contains("locked"));
        assertThat(printed).contains("idle-over-PT24H", "NEW", "dropped: already applied", "Tickets in ERPNext");
        // Omar's first message opened his ticket, whichever batches the burst came in: the demo says so.
        String omar = printed.substring(printed.indexOf("Omar sends three messages"), printed.indexOf("Ola (a username"));
        assertThat(omar).containsPattern("messages? 1(-3)?: FIRST by rule");
        assertThat(stack.sqs().receiveMessage(b -> b.queueUrl(stack.resources().deadLetterQueueUrl())
                .waitTimeSeconds(0)).messages()).isEmpty();
    }

    @Test
    void theStatsCountTheDemo_fromTheDailyCounters() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.baseUrl() + "/ops/stats?days=2")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode stats = JSON.readTree(answer.body());

        assertThat(stats.path("tickets_opened").asLong()).isEqualTo(9);
        assertThat(stats.path("messages_applied").asLong()).as("14 messages, the duplicate dropped").isEqualTo(14);
        assertThat(stats.path("decisions").path("FIRST").asLong()).isEqualTo(8);
        assertThat(stats.path("decisions").path("NEW").asLong()).isEqualTo(1);
        assertThat(stats.path("stages").path("RULE").asLong()).isEqualTo(8);
        assertThat(stats.path("open_sessions").asLong()).as("Jana, Omar, Ola, Lars, Mia, Kai").isEqualTo(6);
        assertThat(stats.path("dead_lettered_jobs").asLong()).isZero();
        assertThat(stats.path("time_to_first_agent_reply").path("tickets").asLong(-1)).as("Jana's and Mia's replies").isEqualTo(2);
    }

    @Test
    void bothPages_renderInAHeadlessChromium() throws Exception {
        Optional<Chromium> chromium = Chromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium): browser test skipped");
        Path shots = Path.of(System.getProperty("threadline.screenshot-dir", "target/screenshots"));

        String stats = chromium.get().dumpDom(stack.baseUrl() + "/stats?days=7");
        assertThat(stats).contains("data-stat=\"tickets-opened\">9<", "data-stat=\"open-sessions\">6<",
                "data-stat=\"dead-lettered\">0<", "data-count=\"FIRST\"", "<svg");
        assertThat(stats).containsPattern("data-day=\"[0-9-]+\" data-tickets=\"9\"");
        chromium.get().screenshot(stack.baseUrl() + "/stats?days=7", shots.resolve("stats-page.png"), 1000, 900);

        Document erpnext = Jsoup.parse(chromium.get().dumpDom(stack.erpnextUrl() + "/"));
        assertThat(erpnext.select("article[data-issue]")).as("one card per Issue").hasSize(result.tickets().size());
        for (Map<String, Object> ticket : result.tickets()) {
            String name = (String) ticket.get("name");
            Element card = erpnext.selectFirst("article[data-issue=\"" + name + "\"]");
            assertThat(card).as("the card of %s", name).isNotNull();
            assertThat(card.select(".badge.status").eachText()).as("%s's status badge", name)
                    .containsExactly((String) ticket.get("status"));
            assertThat(card.select(".badge.priority").eachText()).as("%s's priority badge", name).hasSize(1);
            // The conversation loop's reply box: one text, a button that sends to the customer, one for a note.
            Element reply = card.selectFirst("form.reply[data-issue=\"" + name + "\"]");
            assertThat(reply).as("%s's reply form", name).isNotNull();
            assertThat(reply.select("textarea[name=text]")).hasSize(1);
            assertThat(reply.select("button[name=visibility]").eachAttr("value")).containsExactly("customer", "internal");
            assertThat(card.select("details.internal dt").eachText()).as("internal fields behind the toggle")
                    .contains("custom_idempotency_key");
        }
        assertThat(erpnext.select("ul.attachments li a img")).as("Ola's screenshot, previewed and linked").hasSize(1);
        chromium.get().screenshot(stack.erpnextUrl() + "/", shots.resolve("erpnext-emulator-page.png"), 1200, 900);
    }
}
