package dev.threadline.faults;

import dev.threadline.emulators.llm.ChatRequest;
import dev.threadline.emulators.llm.RuleBasedResponder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model behind {@link dev.threadline.emulators.llm.OpenAiFake} in the fault suite: a rule simple
 * enough that the oracle can predict every decision.
 *
 * <p>Every generated message starts with a topic tag such as {@code [topic-3]}. A judgement answers
 * each new message, in order: {@code SAME} exactly when its first tag equals the tag of the issue
 * it is judged against, else {@code NEW}. That issue is the previous summary's until a message is
 * NEW; from then on it is that message's (the judge port's rule: later messages are judged against
 * the new issue). A classification, standalone or on a NEW verdict, is
 * {@link RuleBasedResponder#classify}: its summary is the first line of the customer text, so it
 * starts with the opening message's tag. (The fallback summary when the LLM fails is that same
 * first line, so the tag survives LLM faults too.)
 */
final class TopicJudge implements Function<ChatRequest, String> {

    private static final Pattern TAG = Pattern.compile("\\[topic-(\\d+)]");

    @Override
    public String apply(ChatRequest request) {
        String user = request.user();
        if (!RuleBasedResponder.isJudgement(request)) {
            String customer = RuleBasedResponder.dataBlock(user, "customer_messages");
            return RuleBasedResponder.classify(customer == null ? user : customer);
        }
        List<String> messages = RuleBasedResponder.newMessages(user);
        return RuleBasedResponder.verdicts(messages,
                isNew(tagOf(RuleBasedResponder.dataBlock(user, "previous_summary")), messages));
    }

    /** Per message, whether it is NEW: its tag differs from the current issue's, which it then becomes. */
    static List<Boolean> isNew(int summaryTag, List<String> messages) {
        List<Boolean> isNew = new ArrayList<>();
        int current = summaryTag;
        for (String message : messages) {
            int tag = tagOf(message);
            boolean same = tag >= 0 && tag == current;
            isNew.add(!same);
            if (!same) {
                current = tag;
            }
        }
        return isNew;
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
