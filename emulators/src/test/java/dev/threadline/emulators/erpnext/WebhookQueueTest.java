package dev.threadline.emulators.erpnext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.WebhookReceiver.Received;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request's Webhook executions (erpnext.md §10.2): once per (Webhook, document), last state, only after commit. */
class WebhookQueueTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final Site site = new Site(StandardDoctypes.all(FrappeVersion.V15), Clock.systemUTC(), ZoneOffset.UTC);
    private final Webhooks sender = new Webhooks(d -> { });
    private final Documents documents = new Documents(site, new WebhookQueue(site, sender));
    private final String issue;

    WebhookQueueTest() {
        site.transaction(() -> {
            documents.insert(Desk.AGENT, "Webhook", Reply.JSON.valueToTree(ErpNextFakeWebhookTest.hook("Issue",
                    "on_change", null, receiver.url(), "name", "status")), false);
        });
        issue = site.transaction(() -> documents.insert(Desk.AGENT, "Issue", JSON.objectNode().put("subject", "x").put("raised_by", "customer@example.com"), false))
                .path("name").asText();
    }

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
    }

    private ObjectNode status(String value) {
        return JSON.objectNode().put("status", value);
    }

    private List<Received> delivered() throws InterruptedException {
        assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();
        return receiver.received();
    }

    @Test
    void twoSavesInOneRequest_sendOnce_withTheLastState() throws Exception {
        site.transaction(() -> {
            documents.update(Desk.AGENT, "Issue", issue, status("Replied"));
            documents.update(Desk.AGENT, "Issue", issue, status("Closed"));
        });

        assertThat(delivered()).extracting(Received::body)
                .containsExactly("{\"name\": \"" + issue + "\", \"status\": \"Closed\"}");
    }

    @Test
    void savesInTwoRequests_sendTwice() throws Exception {
        site.transaction(() -> documents.update(Desk.AGENT, "Issue", issue, status("Replied")));
        site.transaction(() -> documents.update(Desk.AGENT, "Issue", issue, status("Closed")));

        assertThat(delivered()).hasSize(2);
    }

    @Test
    void aRequestThatFailsAfterTheEvent_sendsNothing_andTheNextOneSendsOnlyItsOwn() throws Exception {
        assertThatThrownBy(() -> site.transaction(() -> {
            documents.update(Desk.AGENT, "Issue", issue, status("Replied"));
            throw FrappeException.validation("later step failed");
        })).isInstanceOf(FrappeException.class);
        assertThat(sender.pending()).isZero();

        site.transaction(() -> documents.update(Desk.AGENT, "Issue", issue, status("On Hold")));

        assertThat(delivered()).extracting(Received::body).singleElement().asString().contains("On Hold");
        assertThat(Map.of("log", sender.log().size())).containsEntry("log", 1);
    }
}
