package dev.threadline.adapter.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every message type in Meta's published shapes (events/whatsapp-messages) reads as what it carries. */
class MessageContentsTest {

    private static final Path EVENTS = Path.of("..", "events", "whatsapp-messages");
    private final WebhookParser parser = new WebhookParser(new ObjectMapper(), new BusinessNumbers("109876543210987"));

    private InboundMessage parse(String name) throws IOException {
        List<InboundMessage> messages = parser.parse(Files.readAllBytes(EVENTS.resolve(name + ".json"))).messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @Test
    void repliesToButtonsAndListsReadAsTheirText() throws IOException {
        assertThat(parse("button").content()).isEqualTo(new Content.Said("Still broken"));
        assertThat(parse("interactive-button-reply").content()).isEqualTo(new Content.Said("Close ticket"));
        assertThat(parse("interactive-list-reply").content()).isEqualTo(new Content.Said("Billing"));
    }

    @Test
    void reactionsNeverOpenATicketAndARemovalSaysNothing() throws IOException {
        Content added = parse("reaction").content();
        assertThat(added).isEqualTo(new Content.Reaction("\uD83D\uDC4D", "wamid.OUT17"));
        assertThat(added.opensTicket()).isFalse();
        assertThat(parse("reaction-removed").content().text()).isNull();
    }

    @Test
    void aLocationKeepsNameAddressCoordinatesAndAMapLink() throws IOException {
        String text = parse("location").content().text();
        assertThat(text).contains("Packstation 112", "Alexanderplatz 1, 10178 Berlin", "52.520008", "13.404954",
                "https://www.openstreetmap.org/?mlat=52.520008&mlon=13.404954");
    }

    @Test
    void contactsKeepNamesAndNumbers() throws IOException {
        assertThat(parse("contacts").content().text()).contains("Tom Berger: +49 170 1234567");
    }

    @Test
    void mediaCarriesWhatTheDownloadNeedsAndNamesTheFile() throws IOException {
        Content.Media document = (Content.Media) parse("document").content();
        assertThat(document).isEqualTo(new Content.Media("document", "2033445566778899", "application/pdf",
                "RE-2025-0412.pdf", "invoice", false, null));
        assertThat(document.text()).isEqualTo("[document: RE-2025-0412.pdf] invoice");
        Content.Media voice = (Content.Media) parse("voice").content();
        assertThat(voice.voice()).isTrue();
        assertThat(voice.transcribed("my printer is jammed").text()).isEqualTo("[voice note] \"my printer is jammed\"");
        assertThat(parse("sticker").content().opensTicket()).isFalse();
        assertThat(parse("image").content().opensTicket()).isTrue();
    }

    @Test
    void unsupportedUnknownAndSystemMessagesAreNeverTickets() throws IOException {
        assertThat(parse("unsupported").content()).isEqualTo(new Content.Unshown("unsupported/poll_creation"));
        assertThat(parse("unknown").content()).isEqualTo(new Content.Unshown("unknown"));
        assertThat(parse("system-other").content()).isEqualTo(new Content.Unshown("system/customer_identity_changed"));
        Content change = parse("system-user-changed-number").content();
        assertThat(change).isEqualTo(new Content.IdentityChanged("4915199999999", null));
        assertThat(change.opensTicket()).isFalse();
    }

    @Test
    void aMessageWithPhoneAndBsuidNamesBothIdentitiesAndTheUsername() throws IOException {
        InboundMessage both = parse("text-with-bsuid");
        assertThat(both.customer()).isEqualTo(new CustomerKey("109876543210987", "DE.7734129058812346601"));
        assertThat(both.identities()).containsExactly(both.customer(), new CustomerKey("109876543210987", "4915112345678"));
        assertThat(both.username()).isEqualTo("jana.k");
        assertThat(parse("text").identities()).containsExactly(new CustomerKey("109876543210987", "4915112345678"));
    }
}
