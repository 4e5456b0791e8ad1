package dev.threadline.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.whatsapp.BusinessNumbers;
import dev.threadline.adapter.whatsapp.WebhookParser;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.SessionStore;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.embedded.AwsBackend;
import dev.threadline.embedded.AwsEndpoints;
import dev.threadline.embedded.LambdaSqsPoller;
import dev.threadline.embedded.Provisioner;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.SimulatedCrash;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * A customer's photo and invoice through ticket-fn as deployed (DynamoDB Local, ElasticMQ, the ERPNext,
 * WhatsApp and LLM emulators): the files land on the Issue the messages opened, exactly once, also when
 * the process dies after the uploads and before the session write, and the job is delivered again.
 * Messages are Meta's shapes from events/whatsapp-messages.
 */
@ExtendWith(AwsBackend.class)
class MediaPipelineIT {

    private static final Path EVENTS = Path.of("..", "events", "whatsapp-messages");
    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final byte[] JPEG = "jpeg bytes of the jammed printer".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PDF = "%PDF-1.7 invoice".getBytes(StandardCharsets.UTF_8);

    private final AwsEndpoints aws;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:21:00Z"));
    private final WhatsAppCloudFake whatsapp = WhatsAppCloudFake.builder().start();
    private final ErpNextFake erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
    private final OpenAiFake llm = OpenAiFake.start();
    private ApplicationContext context;
    private SqsClient sqs;
    private LambdaSqsPoller poller;

    MediaPipelineIT(AwsEndpoints aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        Provisioner.Resources resources = Provisioner.provision(aws, "md-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, Object> properties = TicketFnSettings.of(aws, resources, erpnext);
        properties.put("threadline.llm.base-url", llm.baseUrl() + "/v1");
        properties.put("threadline.llm.model", "test-model");
        properties.put("threadline.whatsapp.send.graph-url", whatsapp.baseUrl());
        properties.put("threadline.whatsapp.send.access-token", whatsapp.accessToken());
        properties.put("test.crashing-store", "true");
        context = ApplicationContext.builder().properties(properties).singletons(clock).start();
        TicketHandler handler = new TicketHandler(context);
        sqs = aws.sqsClient();
        poller = new LambdaSqsPoller(sqs, resources.queueUrl(), event -> handler.handleRequest(event, null));
        whatsapp.media().register("1022334455667788", JPEG, "image/jpeg");
        whatsapp.media().register("2033445566778899", PDF, "application/pdf");
    }

    @AfterEach
    void stop() {
        context.close();
        whatsapp.close();
        erpnext.close();
        llm.close();
        sqs.close();
    }

    private static InboundMessage message(String event) {
        try {
            return new WebhookParser(new ObjectMapper(), new BusinessNumbers(null)).parse(Files.readAllBytes(EVENTS.resolve(event + ".json")))
                    .messages().getFirst();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aPhotoAndADocument_areFilesOnTheIssueTheyOpened_onceEachAcrossACrashAndARedelivery() {
        context.getBean(CrashingSessionStore.class).crashBeforeNextComplete();
        context.getBean(JobQueue.class).enqueue(List.of(message("image"), message("document")));

        assertThatThrownBy(() -> poller.pollOnce(10)).isInstanceOf(SimulatedCrash.class);
        assertThat(erpnext.issues()).hasSize(1);
        String issue = (String) erpnext.issues().getFirst().get("name");
        assertThat(erpnext.attachments(issue)).as("uploaded before the crash").hasSize(2);

        clock.advance(Duration.ofMinutes(5)); // the visibility timeout and the claim's lease pass
        poller.drain(10);

        assertThat(erpnext.issues()).hasSize(1);
        assertThat(erpnext.attachments(issue)).extracting(f -> f.get("file_name"))
                .containsExactly("wa-1022334455667788-image.jpg", "wa-2033445566778899-RE-2025-0412.pdf");
        assertThat(erpnext.requestCount("POST", "/api/method/upload_file")).as("no upload repeated").isEqualTo(2);
        assertThat(erpnext.fileContent((String) erpnext.attachments(issue).getFirst().get("file_url"))).contains(JPEG);
        assertThat(context.getBean(SessionStore.class).load(JANA).hasApplied("wamid.DOC1")).isTrue();
    }
}
