package dev.threadline.emulators.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link OpenAiFake}'s default answers: deterministic rules that stand in for a model in tests, so
 * a test can predict the outcome from the text it sends. Not a judge for real conversations.
 *
 * <p>A request whose last user message has {@code <new_message number="i" …>} data blocks is a
 * judgement; anything else is a classification. The customer text of a classification is what
 * lies between {@code <customer_messages>} and the last {@code </customer_messages>} of the user
 * message (the whole user message when the tags are missing).
 *
 * <p><b>Classification</b> answers valid JSON:
 * <ul>
 *   <li>{@code summary}: the first non-blank line of the customer text, whitespace collapsed, cut
 *       to 140 characters;</li>
 *   <li>{@code issue_type}: {@code Network} if the text mentions network, vpn, ssh, dns, wifi,
 *       internet, ping or firewall; else {@code Access} for password, login, locked, access or
 *       account; else {@code Email} for email, e-mail, outlook or mailbox; else {@code Other};</li>
 *   <li>{@code priority}: {@code High} if the text contains the word down, urgent or outage (any
 *       case), else {@code Medium};</li>
 *   <li>{@code confidence}: {@code 0.9}.</li>
 * </ul>
 *
 * <p><b>A case summary</b> (the prompt asks to summarise a solved ticket) answers {@code problem}, {@code
 * cause: null}, {@code fix} and one tag ({@link #caseSummary}).
 *
 * <p><b>Judgement</b> answers the judge's JSON ({@link #verdicts}) with one verdict per new
 * message: {@code NEW} when the message contains "new issue" or starts with the word "also" or
 * "another" (any case), else {@code SAME}; confidence 0.9. A NEW entry is classified from that
 * message's text by the rules above.
 */
public final class RuleBasedResponder implements Function<ChatRequest, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The last sentence of the adapter's case-summary prompt (LlmCaseSummarizer.REMINDER). */
    static final String CASE_REQUEST = "Summarise the solved ticket";
    private static final Pattern HIGH = Pattern.compile("\\b(down|urgent|outage)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NETWORK =
            Pattern.compile("\\b(network|vpn|ssh|dns|wi-?fi|internet|ping|firewall)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACCESS =
            Pattern.compile("\\b(password|login|log in|locked|access|account)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile("\\b(e-?mail|outlook|mailbox)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEW_MARKER =
            Pattern.compile("\\bnew issue\\b|\\A\\s*(also|another)\\b", Pattern.CASE_INSENSITIVE);
    /** The adapter's message blocks; it neutralises look-alike tags inside the text, so the first close ends one. */
    private static final Pattern NEW_MESSAGE =
            Pattern.compile("<new_message number=\"(\\d+)\"[^>\\n]*>\\n(.*?)\\n</new_message>", Pattern.DOTALL);

    @Override
    public String apply(ChatRequest request) {
        String user = request.user();
        if (isJudgement(request)) {
            List<String> messages = newMessages(user);
            return verdicts(messages, messages.stream().map(m -> NEW_MARKER.matcher(m).find()).toList());
        }
        if (user.contains(CASE_REQUEST)) {
            return caseSummary(user);
        }
        String customer = dataBlock(user, "customer_messages");
        return classify(customer == null ? user : customer);
    }

    /**
     * A solved ticket's summary (the case-summary prompt ends with {@value #CASE_REQUEST}): the opening summary
     * as the problem, no cause, the last of the agents' replies as the fix, the issue type's rule as the one tag.
     */
    public static String caseSummary(String user) {
        String problem = firstBlock(user, "previous_summary");
        String replies = firstBlock(user, "agent_reply");
        String[] parts = replies == null ? new String[0] : replies.split("\n---\n");
        String fix = parts.length == 0 || parts[parts.length - 1].isBlank() ? "not recorded" : summary(parts[parts.length - 1]);
        ObjectNode json = JSON.createObjectNode().put("problem", summary(problem == null ? "" : problem)).putNull("cause")
                .put("fix", fix);
        json.putArray("tags").add(classification(problem == null ? "" : problem).path("issue_type").asText().toLowerCase(java.util.Locale.ROOT));
        return json.toString();
    }

    private static String firstBlock(String user, String tag) {
        int open = user.indexOf("<" + tag + ">");
        int close = open < 0 ? -1 : user.indexOf("</" + tag + ">", open);
        return close < 0 ? null : user.substring(open + tag.length() + 2, close).strip();
    }

    /** Whether the request asks the SAME/NEW question. */
    public static boolean isJudgement(ChatRequest request) {
        return NEW_MESSAGE.matcher(request.user()).find();
    }

    /** The classification JSON the rules give for {@code customerText}. */
    public static String classify(String customerText) {
        return classification(customerText).toString();
    }

    /**
     * The judge's answer: {@code {"verdicts":[{"message":1,"verdict":"SAME","confidence":0.9}, …]}},
     * entry {@code i} NEW when {@code isNew.get(i)}, and then also carrying the {@code summary},
     * {@code issue_type} and {@code priority} that {@link #classify} gives for {@code messages.get(i)}.
     */
    public static String verdicts(List<String> messages, List<Boolean> isNew) {
        if (messages.size() != isNew.size()) {
            throw new IllegalArgumentException("one verdict per message");
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode verdicts = root.putArray("verdicts");
        for (int i = 0; i < messages.size(); i++) {
            ObjectNode entry = verdicts.addObject();
            entry.put("message", i + 1);
            entry.put("verdict", isNew.get(i) ? "NEW" : "SAME");
            entry.put("confidence", 0.9);
            if (isNew.get(i)) {
                ObjectNode classification = classification(messages.get(i));
                classification.remove("confidence");
                entry.setAll(classification);
            }
        }
        return root.toString();
    }

    /** The texts of a judge prompt's {@code <new_message>} blocks, in their numbers' order. */
    public static List<String> newMessages(String userMessage) {
        List<String> texts = new ArrayList<>();
        Matcher m = NEW_MESSAGE.matcher(userMessage);
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) != texts.size() + 1) {
                throw new IllegalArgumentException("new messages are not numbered 1..n in order");
            }
            texts.add(m.group(2).strip());
        }
        return texts;
    }

    /** The text between {@code <tag>} and the last {@code </tag>}, stripped; {@code null} without both. */
    public static String dataBlock(String userMessage, String tag) {
        int open = userMessage.indexOf("<" + tag + ">");
        int close = userMessage.lastIndexOf("</" + tag + ">");
        if (open < 0 || close < open) {
            return null;
        }
        return userMessage.substring(open + tag.length() + 2, close).strip();
    }

    private static ObjectNode classification(String text) {
        ObjectNode json = JSON.createObjectNode();
        json.put("summary", summary(text));
        json.put("issue_type", NETWORK.matcher(text).find() ? "Network"
                : ACCESS.matcher(text).find() ? "Access"
                : EMAIL.matcher(text).find() ? "Email" : "Other");
        json.put("priority", HIGH.matcher(text).find() ? "High" : "Medium");
        json.put("confidence", 0.9);
        return json;
    }

    private static String summary(String text) {
        for (String line : text.split("\\R")) {
            String collapsed = line.strip().replaceAll("\\s+", " ");
            if (!collapsed.isEmpty()) {
                if (collapsed.length() <= 140) {
                    return collapsed;
                }
                return collapsed.substring(0, Character.isHighSurrogate(collapsed.charAt(139)) ? 139 : 140);
            }
        }
        return "Customer message";
    }
}
