package dev.threadline.adapter.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.application.port.Messenger.MessengerUnavailableException;
import dev.threadline.application.port.Messenger.SendResult;
import org.junit.jupiter.api.Test;

/** What each answer means for "at most once" (whatsapp.md §6), on Meta's body shapes. */
class GraphAnswersTest {

    private static String error(int code) {
        return "{\"error\":{\"message\":\"(#" + code + ") x\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":\"x\"},\"fbtrace_id\":\"AbC\"}}";
    }

    @Test
    void aSuccessBody_isAcceptedWithItsWamid() {
        String body = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"+4915112345678\",\"wa_id\":\"4915112345678\"}],"
                + "\"messages\":[{\"id\":\"wamid.HBgNNDkx\"}]}";

        assertThat(GraphAnswers.success(200, body)).isEqualTo(new SendResult.Accepted("wamid.HBgNNDkx"));
    }

    @Test
    void a2xxThatNamesNoMessage_isUnknown() {
        for (String body : new String[] {"<html>ok</html>", "", "{\"messages\":[]}", "{\"messages\":[{\"id\":\"\"}]}"}) {
            assertThat(GraphAnswers.success(200, body)).as(body).isInstanceOf(SendResult.Unknown.class);
        }
    }

    @Test
    void notTakenCodes_throwUnavailable_whateverTheStatus() {
        for (int code : new int[] {1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057}) {
            for (int status : new int[] {400, 429, 500}) {
                assertThatThrownBy(() -> GraphAnswers.failure(status, error(code))).as("code %d", code)
                        .isInstanceOf(MessengerUnavailableException.class);
            }
        }
    }

    @Test
    void otherCodes_areRefusedWithADataFreeReason() {
        for (int code : new int[] {0, 100, 190, 131026, 131047, 131049, 131050, 132000, 132001, 132015, 132016, 999999}) {
            assertThat(GraphAnswers.failure(400, error(code))).as("code %d", code)
                    .isInstanceOfSatisfying(SendResult.Refused.class, r -> {
                        assertThat(r.code()).isEqualTo(code);
                        assertThat(r.reason()).isNotBlank().doesNotContain("(#");
                    });
        }
    }

    @Test
    void anErrorWithoutMetasBody_isUnknown_evenA4xx() {
        assertThat(GraphAnswers.failure(502, "<html><body>Bad Gateway</body></html>")).isInstanceOf(SendResult.Unknown.class);
        assertThat(GraphAnswers.failure(404, null)).isInstanceOf(SendResult.Unknown.class);
        assertThat(GraphAnswers.failure(500, "{\"error\":{\"message\":\"no code\"}}")).isInstanceOf(SendResult.Unknown.class);
    }
}
