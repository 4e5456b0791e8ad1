package dev.threadline.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A queued message keeps what it carries; a job written before jobs carried content is still read. */
class JobCodecTest {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private final JobCodec codec = new JobCodec(new ObjectMapper());

    static List<Content> contents() {
        return List.of(new Content.Said("the printer is jammed"),
                new Content.Media("document", "2033445566778899", "application/pdf", "RE-2025-0412.pdf", "invoice", false, null),
                new Content.Media("audio", "3044556677889900", "audio/ogg", null, null, true, "my printer is jammed"),
                new Content.Location(52.520008, 13.404954, "Packstation 112", "Alexanderplatz 1", null),
                new Content.Contacts(List.of(new Content.Contacts.Card("Tom Berger", List.of("+49 170 1234567")))),
                new Content.Reaction("\uD83D\uDC4D", "wamid.OUT17"), new Content.Reaction(null, "wamid.OUT17"),
                new Content.IdentityChanged("4915199999999", "DE.1"), new Content.Unshown("unsupported/poll_creation"));
    }

    @Test
    void everyKindOfContentSurvivesTheQueue() {
        contents().forEach(this::survives);
    }

    private void survives(Content content) {
        InboundMessage message = new InboundMessage("wamid.1", JANA, JANA.user(), "DE.1", "jana.k", "Jana",
                Instant.ofEpochSecond(1795266000), "text", content, null, "{\"id\":\"wamid.1\"}");

        InboundMessage read = (InboundMessage) codec.decode(codec.encode(message));

        assertThat(read.content()).as(content.getClass().getSimpleName()).isEqualTo(content);
        assertThat(read.username()).isEqualTo("jana.k");
    }

    @Test
    void aJobFromThePreviousReleaseIsReadFromItsTextAndMediaIds() {
        String old = "{\"v\":1,\"messageId\":\"wamid.2\",\"phoneNumberId\":\"109876543210987\",\"customer\":\"" + JANA.value()
                + "\",\"timestamp\":1795266000,\"type\":\"image\",\"text\":\"damaged box\",\"mediaIds\":[\"1022334455667788\"],"
                + "\"raw\":{\"id\":\"wamid.2\"}}";

        InboundMessage read = (InboundMessage) codec.decode(old);

        assertThat(read.content()).isEqualTo(new Content.Media("image", "1022334455667788", null, null, "damaged box", false, null));
        assertThat(read.username()).isNull();
    }

    @Test
    void aCustomerError_roundTripsUnderItsOwnKind_withoutAWamidOrTitle() {
        CustomerError error = new CustomerError(new CustomerKey("109876543210987", "DE.4711823609912345678"), "109876543210987",
                null, 131049, null, Instant.ofEpochSecond(1795266310));

        String body = codec.encode(error);

        assertThat(body).contains("\"kind\":\"customer-error\"").contains("\"v\":1").doesNotContain("wamid").doesNotContain("title");
        assertThat(codec.decode(body)).isEqualTo(error);
    }
}
