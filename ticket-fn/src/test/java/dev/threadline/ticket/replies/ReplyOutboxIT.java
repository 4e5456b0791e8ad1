package dev.threadline.ticket.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.Outbox;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.HelpdeskEvent;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.MessageRef;
import dev.threadline.domain.OutboundReply;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.whatsapp.Customer;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.SimulatedCrash;
import dev.threadline.ticket.TicketFnSettings;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * Agents' replies through ticket-fn's real handler on DynamoDB Local and ElasticMQ, sent to the
 * WhatsApp Cloud API emulator: a crash before every outbox step, Meta's 5xx, 429 and 131047, and
 * Frappe's duplicate deliveries. The emulator counts every send that reached it, which is what the
 * at-most-once guarantee is about.
 */
@ExtendWith(AwsBackend.class)
class ReplyOutboxIT {

    private static final String BUSINESS = "109876543210987";
    private static final String PHONE = "4915112345678";
    private static final CustomerKey JANA = new CustomerKey(BUSINESS, PHONE);

    private final AwsEndpoints aws;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private HttpServer metaReceiver;
    private WhatsAppCloudFake whatsapp;
    private ErpNextFake erpnext;
    private ApplicationContext context;
    private SqsClient sqs;
    private LambdaSqsPoller poller;
    private String queueUrl;
    private String ticket;
    private int comments;

    ReplyOutboxIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void janaHasAnOpenTicket() throws IOException {
        // Where WhatsApp posts the customer's messages and the status webhooks: accepted, nothing more here.
        metaReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metaReceiver.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        metaReceiver.start();
        whatsapp = WhatsAppCloudFake.builder().accessToken("token").appSecret("test-app-secret").clock(clock)
                .webhookUrl(URI.create("http://127.0.0.1:" + metaReceiver.getAddress().getPort() + "/"))
                .approvedTemplate("ticket_update", "en", 1).start();
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        Provisioner.Resources resources = Provisioner.provision(aws, "rp-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.put("threadline.whatsapp.send.graph-url", whatsapp.baseUrl());
        properties.put("threadline.whatsapp.send.template-params", "ticket");
        properties.put("threadline.helpdesk-events", "webhooks");
        properties.put("test.crashing-outbox", "true");
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        sqs = aws.sqsClient();
        TicketHandler handler = new TicketHandler(context);
        queueUrl = resources.queueUrl();
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), event -> handler.handleRequest(event, null));

        Customer jana = whatsapp.customer(BUSINESS, PHONE, "Jana");
        jana.sendsText("my printer is jammed"); // WhatsApp's window opens (the emulator enforces it)
        queue(new InboundMessage(jana.lastWamid(), JANA, PHONE, null, null, "Jana", clock.instant(), "text", new Content.Said("my printer is jammed"), null, "{}"));
        poller.drain(10);
        ticket = (String) erpnext.issues().get(0).get("name");
    }

    @AfterEach
    void stop() {
        context.close();
        sqs.close();
        erpnext.close();
        whatsapp.close();
        metaReceiver.stop(0);
    }

    private void queue(dev.threadline.domain.QueuedJob job) {
        context.getBean(JobQueue.class).enqueue(List.of(job));
    }

    private HelpdeskEvent reply(String text) {
        comments++;
        return new HelpdeskEvent("Comment", "cmt" + comments, "2026-12-06 10:00:0" + comments + ".000000", ticket, JANA,
                HelpdeskEvent.Kind.COMMENT, null, "reply: " + text);
    }

    private OutboundReply stored(HelpdeskEvent event) {
        return context.getBean(Outbox.class).find(JANA,
                new MessageRef("erpnext", "Comment/" + event.name()).digest().substring(0, 32));
    }

    private long textsSent() {
        return whatsapp.sent().stream().filter(m -> !m.isTemplate()).count();
    }

    private void crashOnce(HelpdeskEvent event, int beforeUpdate) {
        context.getBean(CrashingOutbox.class).crashBeforeUpdate(beforeUpdate);
        queue(event);
        assertThatThrownBy(() -> poller.pollOnce(1)).isInstanceOf(SimulatedCrash.class);
        clock.advance(Duration.ofMinutes(7)); // the queue's visibility timeout passes
        poller.drain(10);
    }

    @Test
    void aCrashBeforeTheSendingMark_sendsOnceOnRedelivery() {
        HelpdeskEvent event = reply("Please restart it");
        crashOnce(event, 1);

        assertThat(textsSent()).isEqualTo(1);
        assertThat(stored(event).state()).isEqualTo(OutboundReply.State.SENT);
    }

    @Test
    void aCrashAfterTheSendBeforeItsMark_neverSendsAgain_andTheTicketSaysSo() {
        HelpdeskEvent event = reply("Please restart it");
        crashOnce(event, 2);

        assertThat(textsSent()).as("sent before the crash, not again").isEqualTo(1);
        assertThat(stored(event).state()).isEqualTo(OutboundReply.State.UNKNOWN);
        assertThat(erpnext.comments(ticket)).anySatisfy(c -> assertThat(String.valueOf(c.get("content")))
                .contains("may not have been delivered"));
    }

    @Test
    void aCrashBeforeTheNoteIsMarked_sendsOnce() {
        HelpdeskEvent event = reply("Please restart it");
        crashOnce(event, 3);

        assertThat(textsSent()).isEqualTo(1);
        assertThat(stored(event).state()).isEqualTo(OutboundReply.State.SENT);
    }

    @Test
    void frappesRepeatedDeliveryOfTheSameComment_sendsOnce() {
        HelpdeskEvent event = reply("Please restart it");
        queue(event);
        poller.drain(10);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageGroupId(JANA.digest()).messageDeduplicationId("late-copy")
                .messageBody(context.getBean(dev.threadline.adapter.sqs.JobCodec.class).encode(event)));
        poller.drain(10);

        assertThat(textsSent()).isEqualTo(1);
    }

    @Test
    void metaAnswering500WithoutItsErrorBody_isUnknownAndSentOnce() {
        whatsapp.faults().htmlErrorNext(1);
        HelpdeskEvent event = reply("Please restart it");
        queue(event);
        poller.drain(10);

        assertThat(whatsapp.attempts()).hasSize(1);
        assertThat(stored(event).state()).isEqualTo(OutboundReply.State.UNKNOWN);
    }

    @Test
    void metaRateLimitingTwice_thenTakingIt_isOneSend() {
        whatsapp.faults().graphErrorNext(2, 130429);
        HelpdeskEvent event = reply("Please restart it");
        queue(event);
        poller.drain(10);

        assertThat(textsSent()).isEqualTo(1);
        assertThat(stored(event).state()).isEqualTo(OutboundReply.State.SENT);
    }

    @Test
    void outsideTheWindow_metasError131047_holdsTheReplyBehindTheTemplate() {
        // Inside the window by our clock, yet Meta answers 131047 (it may: docs/contracts/whatsapp.md §5).
        whatsapp.faults().graphErrorNext(1, 131047);
        HelpdeskEvent event = reply("Your part arrived");
        queue(event);
        poller.drain(10);

        assertThat(stored(event).state()).isEqualTo(OutboundReply.State.HELD);
        assertThat(whatsapp.sent()).singleElement().satisfies(m -> assertThat(m.isTemplate()).isTrue());
    }
}
