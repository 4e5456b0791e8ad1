package dev.threadline.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.whatsapp.BusinessNumbers;
import dev.threadline.adapter.whatsapp.WebhookParser;
import dev.threadline.application.port.Helpdesk;
import dev.threadline.application.port.MediaFiles;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Transcript;
import dev.threadline.emulators.erpnext.ErpNextFake;
import dev.threadline.emulators.erpnext.ErpNextOptions;
import dev.threadline.emulators.llm.OpenAiFake;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import dev.threadline.fakes.MutableClock;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ticket-fn's media adapters as Micronaut wires them, against the three emulators: WhatsApp (media),
 * ERPNext (files on Issues) and the OpenAI-compatible server (transcriptions). Messages are read from
 * Meta's shapes in events/whatsapp-messages, so their media ids are the ones registered here.
 */
final class MediaStack implements AutoCloseable {

    static final String PHONE_NUMBER_ID = "109876543210987";
    private static final Path EVENTS = Path.of("..", "events", "whatsapp-messages");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T13:00:00Z"));
    final WhatsAppCloudFake whatsapp = WhatsAppCloudFake.builder().clock(clock).start();
    final ErpNextFake erpnext = ErpNextFake.start(ErpNextOptions.defaults().withThreadlineFields());
    final OpenAiFake llm = OpenAiFake.start();
    final ApplicationContext context;

    MediaStack(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("threadline.function", "ticket");
        properties.put("threadline.whatsapp.send.graph-url", whatsapp.baseUrl());
        properties.put("threadline.whatsapp.send.access-token", whatsapp.accessToken());
        properties.put("threadline.whatsapp.send.template-name", "ticket_update");
        properties.put("threadline.erpnext.url", erpnext.baseUrl());
        properties.put("threadline.erpnext.api-key", erpnext.options().apiKey());
        properties.put("threadline.erpnext.api-secret", erpnext.options().apiSecret());
        properties.put("threadline.erpnext.timeout", "500ms");
        properties.put("threadline.erpnext.retry-attempts", 3);
        properties.put("threadline.erpnext.retry-base-delay", "10ms");
        properties.put("threadline.erpnext.retry-max-delay", "50ms");
        properties.put("threadline.transcribe.base-url", llm.baseUrl() + "/v1");
        properties.putAll(overrides);
        context = ApplicationContext.run(properties);
    }

    MediaFiles files() {
        return context.getBean(MediaFiles.class);
    }

    Helpdesk helpdesk() {
        return context.getBean(Helpdesk.class);
    }

    /** An Issue to attach to, opened as ticket-fn opens one. */
    String openIssue() {
        CustomerKey customer = new CustomerKey(PHONE_NUMBER_ID, "4915112345678");
        Transcript transcript = new Transcript(List.of(new Transcript.Line("wamid.IMG1", clock.instant(), "[image]")));
        return helpdesk().openTicket(new Helpdesk.NewTicket("Printer jammed", "Jana", transcript, Priority.MEDIUM, null,
                customer, "4915112345678", "key-" + System.nanoTime(), false)).id();
    }

    /** The one message of a recorded webhook, e.g. {@code image}, {@code document}, {@code voice}. */
    static InboundMessage message(String event) {
        try {
            return new WebhookParser(new ObjectMapper(), new BusinessNumbers(null)).parse(Files.readAllBytes(EVENTS.resolve(event + ".json")))
                    .messages().getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Issue's internal notes written by Threadline (not Frappe's "Attachment" comments). */
    List<Map<String, Object>> notes(String issue) {
        return erpnext.comments(issue).stream().filter(c -> "Comment".equals(c.get("comment_type"))).toList();
    }

    /** A pause that moves the clock instead of sleeping. */
    MediaFetch.Pause pause() {
        return (Duration d) -> clock.advance(d);
    }

    @Override
    public void close() {
        context.close();
        whatsapp.close();
        erpnext.close();
        llm.close();
    }
}
