package dev.threadline.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.domain.PendingEffect;
import dev.threadline.domain.PendingEffect.AppendToTicket;
import dev.threadline.domain.PendingEffect.OpenTicket;
import dev.threadline.domain.Priority;
import dev.threadline.domain.Transcript;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pending effect as stored in the session item: plain text round trips, and documents of the HTML era still read. */
class PendingJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
    private static final Instant CLAIMED = Instant.parse("2026-11-21T09:00:05.123Z");

    private final PendingJson json = new PendingJson(new ObjectMapper());

    private static PendingEffect.Turn turn(String... ids) {
        return new PendingEffect.Turn(List.of(ids), T0.plusSeconds(1), "4915112345678", CLAIMED, List.of("a", "b"));
    }

    private static final Transcript TWO_LINES = new Transcript(List.of(
            new Transcript.Line("wamid.1", T0, "line one\n<b>bold</b> & more 'q' \"d\""),
            new Transcript.Line("wamid.2", T0.plusSeconds(1), "[image] look\n(media 123)")));

    @Test
    void anOpenTicket_roundTripsExactly() {
        OpenTicket open = new OpenTicket(turn("wamid.1", "wamid.2"), "Printer on fire", "Jana <b>K</b>", TWO_LINES,
                Priority.HIGH, "Hardware", "wa:abc", true, T0);

        assertThat(json.read(json.write(open))).isEqualTo(open);
    }

    @Test
    void anAppend_roundTripsExactly() {
        AppendToTicket append = new AppendToTicket(turn("wamid.1", "wamid.2"), "ISS-1", "wa:def", TWO_LINES, true, true);

        assertThat(json.read(json.write(append))).isEqualTo(append);
    }

    @Test
    void theStoredDocumentHoldsPlainText_noHtml() {
        String doc = json.write(new AppendToTicket(turn("wamid.1"), "ISS-1", "wa:def", TWO_LINES, false, false));

        assertThat(doc).contains("<b>bold</b> & more").doesNotContain("&lt;", "<p>", "\"html\"");
    }

    /** Written by the previous version (rendered HTML in "html"), as it may sit in the table at deploy. */
    @Test
    void aLegacyOpenTicket_isReadBackToTheSameTranscriptAndName() {
        String legacy = "{\"type\":\"open\",\"messageIds\":[\"wamid.1\",\"wamid.2\"],\"lastMessageAt\":1795251601,"
                + "\"phone\":\"4915112345678\",\"claimedAtMillis\":1795251605123,\"subject\":\"Printer on fire\","
                + "\"summary\":\"Printer on fire\",\"html\":\"<p><b>WhatsApp conversation</b> with Jana &lt;b&gt;K&lt;/b&gt;</p>"
                + "<p><b>2026-11-21 09:00:00 UTC</b> <small>wamid.1</small><br>line one<br>&lt;b&gt;bold&lt;/b&gt; &amp; more"
                + " &#39;q&#39; &quot;d&quot;</p><p><b>2026-11-21 09:00:01 UTC</b> <small>wamid.2</small><br>[image] look<br>"
                + "(media 123)</p>\",\"priority\":\"HIGH\",\"issueType\":\"Hardware\",\"idempotencyKey\":\"wa:abc\","
                + "\"needsTriage\":true,\"openedAt\":1795251600,\"ticketId\":null,\"postKey\":null,\"firstMessageAt\":null,"
                + "\"reopens\":null,\"flagged\":null,\"texts\":[\"a\",\"b\"]}";

        assertThat(json.read(legacy)).isEqualTo(new OpenTicket(turn("wamid.1", "wamid.2"), "Printer on fire",
                "Jana <b>K</b>", TWO_LINES, Priority.HIGH, "Hardware", "wa:abc", true, T0));
    }

    @Test
    void aLegacyFlaggedAppend_isReadBack_withoutTheWarningAsAMessage() {
        String legacy = "{\"type\":\"append\",\"messageIds\":[\"wamid.1\"],\"lastMessageAt\":1795251601,"
                + "\"phone\":\"4915112345678\",\"claimedAtMillis\":1795251605123,\"subject\":\"WhatsApp: hmm\","
                + "\"summary\":null,\"html\":\"<p><b>⚠ Threadline could not decide whether this continues the issue.</b> "
                + "It was added here by default; please check and split it if it is a new issue.</p>"
                + "<p><b>2026-11-21 09:00:00 UTC</b> <small>wamid.1</small><br>hmm</p>\",\"priority\":null,"
                + "\"issueType\":null,\"idempotencyKey\":null,\"needsTriage\":null,\"openedAt\":null,\"ticketId\":\"ISS-1\","
                + "\"postKey\":\"wa:def\",\"firstMessageAt\":1795251600,\"reopens\":false,\"flagged\":true,\"texts\":[\"a\",\"b\"]}";

        assertThat(json.read(legacy)).isEqualTo(new AppendToTicket(turn("wamid.1"), "ISS-1", "wa:def",
                new Transcript(List.of(new Transcript.Line("wamid.1", T0, "hmm"))), false, true));
    }

    @Test
    void aLegacyDocumentWithoutMessages_isRefusedLoudly() {
        assertThatThrownBy(() -> json.read("{\"type\":\"append\",\"messageIds\":[\"wamid.1\"],\"lastMessageAt\":1,"
                + "\"claimedAtMillis\":1,\"html\":\"<p>nothing</p>\",\"ticketId\":\"ISS-1\",\"postKey\":\"k\","
                + "\"reopens\":false,\"flagged\":false}")).isInstanceOf(IllegalStateException.class);
    }
}
