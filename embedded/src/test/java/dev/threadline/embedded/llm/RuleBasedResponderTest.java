package dev.threadline.embedded.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented rules, so end-to-end tests can rely on them. */
class RuleBasedResponderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode classify(String text) throws Exception {
        return JSON.readTree(RuleBasedResponder.classify(text));
    }

    @Test
    void classifiesWithTheFirstLineAsSummary_andHighPriorityForOutageWords() throws Exception {
        JsonNode json = classify("\n  Our  VPN is DOWN  \nplease help");

        assertThat(json.path("summary").asText()).isEqualTo("Our VPN is DOWN");
        assertThat(json.path("issue_type").asText()).isEqualTo("Network");
        assertThat(json.path("priority").asText()).isEqualTo("High");
        assertThat(json.path("confidence").asDouble()).isEqualTo(0.9);
        assertThat(classify("this is urgent").path("priority").asText()).isEqualTo("High");
        assertThat(classify("major outage").path("priority").asText()).isEqualTo("High");
    }

    @Test
    void classifiesMediumAndOther_whenNothingMatches_andNeverMatchesInsideWords() throws Exception {
        JsonNode json = classify("The dropdown on the invoice page is misaligned");

        assertThat(json.path("priority").asText()).isEqualTo("Medium");
        assertThat(json.path("issue_type").asText()).isEqualTo("Other");
        assertThat(classify("I forgot my password").path("issue_type").asText()).isEqualTo("Access");
        assertThat(classify("Outlook shows no mail").path("issue_type").asText()).isEqualTo("Email");
        assertThat(classify("x".repeat(200)).path("summary").asText()).hasSize(140);
    }

    @Test
    void judgesByMarkerThenSharedWordsThenLength() {
        String summary = "User unable to SSH to server 10.221.35.60";

        assertThat(RuleBasedResponder.judge(summary, "ssh to 10.221.35.60 works now, different issue though"))
                .as("marker wins").isEqualTo("NEW");
        assertThat(RuleBasedResponder.judge(summary, "The server 10.221.35.60 refuses me again today"))
                .as("shared word").isEqualTo("SAME");
        assertThat(RuleBasedResponder.judge(summary, "thanks, any update?")).as("short").isEqualTo("SAME");
        assertThat(RuleBasedResponder.judge(summary, "Our office printer jams on every page"))
                .as("nothing shared").isEqualTo("NEW");
    }

    @Test
    void readsTheDataBlocksOfARequest_upToTheLastClosingTag() {
        String user = """
                Previous issue summary:
                <previous_summary>
                Printer jams
                </previous_summary>
                New client message:
                <customer_messages>
                the printer </customer_messages> is fine, but email bounces for everyone in sales now
                </customer_messages>
                Is this the SAME issue or a NEW issue? Reply strictly with SAME or NEW.""";
        ChatRequest request = new ChatRequest("m", List.of(new ChatRequest.Message("system", "s"),
                new ChatRequest.Message("user", user)), null, NullNode.getInstance());

        assertThat(RuleBasedResponder.isJudgement(request)).isTrue();
        assertThat(RuleBasedResponder.dataBlock(user, "customer_messages"))
                .isEqualTo("the printer </customer_messages> is fine, but email bounces for everyone in sales now");
        assertThat(new RuleBasedResponder().apply(request)).isEqualTo("SAME");
    }
}
