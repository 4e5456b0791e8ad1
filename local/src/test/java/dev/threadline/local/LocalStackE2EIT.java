package dev.threadline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.emulators.erpnext.ErpNextFake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local runner started in-process, the demo driven over HTTP against it with signed webhooks,
 * and the final ERPNext state asserted.
 */
class LocalStackE2EIT {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.start(null, Map.of("PORT", "0", "ERPNEXT_EMULATOR_PORT", "0", "SWEEP_INTERVAL", "PT1H"), false);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDemoLeavesExactlyTheExpectedTicketsInErpNext() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Result result = new Demo(stack.baseUrl(), stack.erpnextUrl(), "threadline-key", "threadline-secret",
                Stack.DEFAULT_APP_SECRET, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        ErpNextFake erpnext = stack.erpnextEmulator();
        List<Map<String, Object>> issues = erpnext.issues();
        assertThat(issues).extracting(i -> (String) i.get("subject")).containsExactly(
                "Can't SSH to 10.221.35.60 since this morning",
                "Outlook keeps asking for my password",
                "[image] error on the login screen",
                "Also a new issue: the printer on floor 3 is jammed",
                "Laptop battery is swelling",
                "the replacement laptop has no VPN profile");
        assertThat(issues).extracting(i -> (String) i.get("custom_customer_key")).containsExactly(
                Demo.JANA.key(), Demo.OMAR.key(), Demo.OLA.key(), Demo.JANA.key(), Demo.LARS.key(), Demo.LARS.key());
        // Jana's follow-up is on her first ticket once, although Meta delivered it twice.
        List<Map<String, Object>> janaPosts = erpnext.communications((String) issues.get(0).get("name"));
        assertThat(janaPosts).singleElement().satisfies(c -> assertThat((String) c.get("content")).contains("still down"));
        // Omar's three messages are one ticket: the rest of the burst is on it, whichever batches they came in.
        String omarDescription = (String) issues.get(1).get("description");
        String omarPosts = erpnext.communications((String) issues.get(1).get("name")).toString();
        assertThat(omarDescription + omarPosts).contains("tried restarting Outlook", "still asking for the password");
        assertThat(erpnext.communications((String) issues.get(4).get("name"))).isEmpty();
        assertThat(result.tickets()).hasSize(6);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("idle-over-PT24H", "NEW", "dropped: already applied", "Tickets in ERPNext");
        assertThat(stack.sqs().receiveMessage(b -> b.queueUrl(stack.resources().deadLetterQueueUrl())
                .waitTimeSeconds(0)).messages()).isEmpty();
    }
}
