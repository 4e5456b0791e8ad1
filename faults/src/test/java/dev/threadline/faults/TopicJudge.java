package dev.threadline.faults;

import dev.threadline.embedded.llm.ChatRequest;
import dev.threadline.embedded.llm.RuleBasedResponder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model behind {@link dev.threadline.embedded.llm.OpenAiFake} in the fault suite: a rule simple
 * enough that the oracle can predict every decision.
 *
 * <p>Every generated message starts with a topic tag such as {@code [topic-3]}. A judgement answers
 * {@code SAME} exactly when the first tag of the new message(s) equals the tag of the previous
 * summary, and {@code NEW} otherwise. A classification is {@link RuleBasedResponder#classify}: its
 * summary is the first line of the customer text, so it starts with the opening message's tag. (The
 * fallback summary when the LLM fails is that same first line, so the tag survives LLM faults too.)
 */
final class TopicJudge implements Function<ChatRequest, String> {

    private static final Pattern TAG = Pattern.compile("\\[topic-(\\d+)]");

    @Override
    public String apply(ChatRequest request) {
        String user = request.user();
        String customer = RuleBasedResponder.dataBlock(user, "customer_messages");
        if (!RuleBasedResponder.isJudgement(request)) {
            return RuleBasedResponder.classify(customer == null ? user : customer);
        }
        String previous = RuleBasedResponder.dataBlock(user, "previous_summary");
        return verdict(previous, customer);
    }

    /** {@code SAME} iff both texts carry a tag and the first tags are equal. */
    static String verdict(String previousSummary, String newMessages) {
        int before = tagOf(previousSummary);
        int now = tagOf(newMessages);
        return before >= 0 && before == now ? "SAME" : "NEW";
    }

    /** The first topic tag's number in {@code text}, or -1. */
    static int tagOf(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = TAG.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The text of a message about {@code topic}. */
    static String text(int topic, int seq) {
        return "[topic-" + topic + "] " + PHRASES[(topic + seq) % PHRASES.length];
    }

    private static final String[] PHRASES = {
        "printer on floor 3 shows error E5",
        "cannot reach the VPN since the update",
        "invoice PDF is empty again",
        "laptop fan very loud after reboot",
        "shared drive asks for a password",
        "any news on this?",
        "thanks, trying that now",
    };
}
