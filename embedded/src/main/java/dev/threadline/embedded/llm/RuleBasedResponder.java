package dev.threadline.embedded.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link OpenAiFake}'s default answers: deterministic rules that stand in for a model in
 * end-to-end tests, so a test can predict the outcome from the text it sends.
 *
 * <p>A request whose last user message contains {@code "SAME or NEW"} is a judgement; anything
 * else is a classification. The customer text is what lies between {@code <customer_messages>} and
 * the last {@code </customer_messages>} of the user message (the whole user message when the tags
 * are missing); the previous summary likewise between {@code <previous_summary>} tags.
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
 * <p><b>Judgement</b> answers, the first rule that applies winning:
 * <ol>
 *   <li>{@code NEW} if the new message contains "new issue", "another issue" or "different issue"
 *       (any case);</li>
 *   <li>{@code SAME} if it shares a meaningful word with the previous summary;</li>
 *   <li>{@code SAME} if it has fewer than three meaningful words (acknowledgements and nudges such
 *       as "thanks!" or "any update?", which a real model keeps with the open issue);</li>
 *   <li>{@code NEW} otherwise.</li>
 * </ol>
 * A meaningful word is a run of letters, digits and inner dots (so an IP address is one word),
 * lower-cased, at least three characters long, and not in {@link #STOP_WORDS}.
 */
public final class RuleBasedResponder implements Function<ChatRequest, String> {

    /** Words that never make two messages about the same thing. */
    public static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "not", "but", "you", "your", "are",
            "was", "were", "has", "have", "had", "can", "cannot", "can't", "any", "this", "that", "with", "from",
            "there", "what", "when", "will", "been", "about", "again", "please", "thanks", "thank", "hello", "still",
            "also", "now", "our", "its", "it's", "all", "just", "get", "got", "does", "did", "how", "why", "who",
            "issue", "problem", "hi", "hey", "ok", "okay", "yes", "update");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HIGH = Pattern.compile("\\b(down|urgent|outage)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NETWORK =
            Pattern.compile("\\b(network|vpn|ssh|dns|wi-?fi|internet|ping|firewall)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACCESS =
            Pattern.compile("\\b(password|login|log in|locked|access|account)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMAIL = Pattern.compile("\\b(e-?mail|outlook|mailbox)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEW_MARKER =
            Pattern.compile("\\b(new|another|different) issue\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}.']+");

    @Override
    public String apply(ChatRequest request) {
        String user = request.user();
        String customer = dataBlock(user, "customer_messages");
        if (isJudgement(request)) {
            String previous = dataBlock(user, "previous_summary");
            return judge(previous == null ? "" : previous, customer == null ? user : customer);
        }
        return classify(customer == null ? user : customer);
    }

    /** Whether the request asks the SAME/NEW question. */
    public static boolean isJudgement(ChatRequest request) {
        return request.user().contains("SAME or NEW");
    }

    /** The classification JSON the rules give for {@code customerText}. */
    public static String classify(String customerText) {
        ObjectNode json = JSON.createObjectNode();
        json.put("summary", summary(customerText));
        json.put("issue_type", NETWORK.matcher(customerText).find() ? "Network"
                : ACCESS.matcher(customerText).find() ? "Access"
                : EMAIL.matcher(customerText).find() ? "Email" : "Other");
        json.put("priority", HIGH.matcher(customerText).find() ? "High" : "Medium");
        json.put("confidence", 0.9);
        return json.toString();
    }

    /** {@code "SAME"} or {@code "NEW"} by the rules in the class comment. */
    public static String judge(String previousSummary, String newMessages) {
        if (NEW_MARKER.matcher(newMessages).find()) {
            return "NEW";
        }
        Set<String> fresh = meaningfulWords(newMessages);
        Set<String> shared = meaningfulWords(previousSummary);
        shared.retainAll(fresh);
        if (!shared.isEmpty() || fresh.size() < 3) {
            return "SAME";
        }
        return "NEW";
    }

    /** The lower-cased meaningful words of {@code text} (see the class comment). */
    public static Set<String> meaningfulWords(String text) {
        return Arrays.stream(WORD_SEPARATOR.split(text.toLowerCase(Locale.ROOT)))
                .map(w -> w.replaceAll("^[.']+|[.']+$", ""))
                .filter(w -> w.length() >= 3 && !STOP_WORDS.contains(w))
                .collect(Collectors.toCollection(HashSet::new));
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
