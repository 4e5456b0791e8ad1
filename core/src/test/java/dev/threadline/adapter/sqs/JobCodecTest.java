package dev.threadline.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.CustomerError;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.InboundMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobCodecTest {

    private static final CustomerKey OLA = new CustomerKey("109876543210987", "DE.4711823609912345678");
    private final JobCodec codec = new JobCodec(new ObjectMapper());

    @Test
    void aCustomerError_roundTripsUnderItsOwnKind_withoutAWamidOrTitle() {
        CustomerError error = new CustomerError(OLA, "109876543210987", null, 131049, null, Instant.ofEpochSecond(1795266310));

        String body = codec.encode(error);

        assertThat(body).contains("\"kind\":\"customer-error\"").contains("\"v\":1").doesNotContain("wamid").doesNotContain("title");
        assertThat(codec.decode(body)).isEqualTo(error);
    }

    @Test
    void aMessageBodyFromBeforeJobKinds_isStillReadAsAMessage() {
        String old = "{\"v\":1,\"messageId\":\"wamid.OLD\",\"phoneNumberId\":\"109876543210987\","
                + "\"customer\":\"109876543210987:4915112345678\",\"timestamp\":1795265940,\"type\":\"text\",\"text\":\"hi\",\"raw\":{}}";

        assertThat(codec.decode(old)).isInstanceOfSatisfying(InboundMessage.class,
                m -> assertThat(m.messageId()).isEqualTo("wamid.OLD"));
    }
}
