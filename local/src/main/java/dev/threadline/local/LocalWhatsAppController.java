package dev.threadline.local;

import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the emulated WhatsApp delivered to customers, for the demo (local stack only). */
@Controller("/ops/whatsapp")
@Requires(beans = WhatsAppCloudFake.class)
class LocalWhatsAppController {

    private final WhatsAppCloudFake whatsapp;

    LocalWhatsAppController(WhatsAppCloudFake whatsapp) {
        this.whatsapp = whatsapp;
    }

    /** Every message the emulator accepted, oldest first: to whom, text or template, and what it said. */
    @Get("/sent")
    List<Map<String, Object>> sent() {
        return whatsapp.sent().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("to", m.waId());
            row.put("type", m.type());
            row.put("text", m.isTemplate() ? m.template() + " " + m.parameters() : m.body());
            row.put("at", m.at().toString());
            return (Map<String, Object>) row;
        }).toList();
    }
}
