package dev.threadline.ticket.replies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.whatsapp.WebhookParser;
import dev.threadline.application.AcceptWebhook;
import dev.threadline.application.port.JobQueue;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.ticket.TicketFnSettings;
import dev.threadline.ticket.TicketHandler;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A failed status of a message Threadline did not send (events/whatsapp-status-failed-foreign.json), from
 * intake's parser and use case to ticket-fn's real handler, on DynamoDB Local, ElasticMQ and the ERPNext
 * emulator: one internal note on the customer's open ticket, and none for Meta's redelivery.
 */
@ExtendWith(AwsBackend.class)
class CustomerErrorIT {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final String NOTE = "WhatsApp reported an error on a message to this customer: 131026 Message undeliverable";

    private final AwsEndpoints aws;
    private ErpNextFake erpnext;
    private ApplicationContext context;
    private SqsClient sqs;
    private LambdaSqsPoller poller;
    private String ticket;

    CustomerErrorIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void janaHasAnOpenTicket() {
        erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
        Provisioner.Resources resources = Provisioner.provision(aws, "ce-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.put("threadline.whatsapp.phone-number-ids", "109876543210987");
        context = ApplicationContext.run(properties);
        sqs = aws.sqsClient();
        TicketHandler handler = new TicketHandler(context);
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), event -> handler.handleRequest(event, null));
        context.getBean(JobQueue.class).enqueue(List.of(new InboundMessage("wamid.JANA1", JANA, JANA.user(), null, null, "Jana",
                Instant.now(), "text", new Content.Said("my printer is jammed"), null, "{}")));
        poller.drain(10);
        ticket = (String) erpnext.issues().get(0).get("name");
    }

    @AfterEach
    void stop() {
        context.close();
        sqs.close();
        erpnext.close();
    }

    /** What intake does with Meta's POST once the signature is checked. */
    private AcceptWebhook.Accepted metaDelivers(String event) throws IOException {
        String body = new ObjectMapper().readTree(Path.of("../events", event).toFile()).path("body").asText();
        return context.getBean(AcceptWebhook.class).accept(
                context.getBean(WebhookParser.class).parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> notes(String issue) {
        return erpnext.comments(issue).stream().map(c -> String.valueOf(c.get("content"))).toList();
    }

    @Test
    void aFailedMessageWeDidNotSend_leavesOneNoteOnTheCustomersOpenTicket() throws IOException {
        assertThat(metaDelivers("whatsapp-status-failed-foreign.json").queued()).isEqualTo(2);
        poller.drain(10);

        assertThat(notes(ticket)).filteredOn(n -> n.contains("WhatsApp reported an error")).singleElement()
                .satisfies(n -> assertThat(n).contains(NOTE));
        assertThat(erpnext.issues()).as("the other customer has no ticket, and gets none").hasSize(1);
    }

    @Test
    void metasRedeliveryAfterTheNote_isDroppedByTheLedger_soTheNoteIsNotRepeated() throws IOException {
        metaDelivers("whatsapp-status-failed-foreign.json");
        poller.drain(10);

        AcceptWebhook.Accepted again = metaDelivers("whatsapp-status-failed-foreign.json");
        poller.drain(10);

        assertThat(again.queued()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
        assertThat(notes(ticket)).filteredOn(n -> n.contains("WhatsApp reported an error")).hasSize(1);
    }
}
