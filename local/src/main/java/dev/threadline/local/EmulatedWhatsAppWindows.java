package dev.threadline.local;

import dev.threadline.application.AcceptWebhook;
import dev.threadline.application.port.JobQueue;
import dev.threadline.application.port.MessageLedger;
import dev.threadline.application.port.Metrics;
import dev.threadline.application.port.TicketDirectory;
import dev.threadline.domain.WebhookDelivery;
import dev.threadline.emulators.whatsapp.WhatsAppCloudFake;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * On the local stack WhatsApp is emulated, but the demo and curl post Meta's payloads to intake
 * directly. Real WhatsApp sees every message a customer sends, so its 24-hour window always knows;
 * here intake tells the emulator, so the emulator's window matches what the customer did.
 */
@Singleton
@Replaces(AcceptWebhook.class)
@Requires(beans = WhatsAppCloudFake.class)
class EmulatedWhatsAppWindows extends AcceptWebhook {

    private final WhatsAppCloudFake whatsapp;

    EmulatedWhatsAppWindows(MessageLedger ledger, JobQueue queue, TicketDirectory directory, Metrics metrics,
                            WhatsAppCloudFake whatsapp) {
        super(ledger, queue, directory, metrics);
        this.whatsapp = whatsapp;
    }

    @Override
    public Accepted accept(WebhookDelivery delivery) {
        delivery.messages().stream().filter(m -> m.phone() != null)
                .forEach(m -> whatsapp.customerWrote(m.customer().phoneNumberId(), m.phone(), m.sentAt()));
        return super.accept(delivery);
    }
}
