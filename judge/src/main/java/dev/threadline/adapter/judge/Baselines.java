package dev.threadline.adapter.judge;

import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Decision;
import dev.threadline.domain.JudgeQuestion;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simple judges the offline judge must beat, for {@code judge-eval}'s side-by-side table. None
 * ships in the product.
 */
final class Baselines {

    private Baselines() {}

    /** What Lambda did before the offline judge when no LLM was configured: every follow-up is SAME. */
    static IssueJudge alwaysSame() {
        return q -> q.messages().stream().map(m -> judgement(Verdict.SAME, "always SAME")).toList();
    }

    /** The rule Intercom and Freshchat ship: NEW after a quiet period (here 4 hours). */
    static IssueJudge timeWindow(Duration window) {
        return q -> q.messages().stream().map(m -> judgement(m.gap().compareTo(window) > 0 ? Verdict.NEW : Verdict.SAME,
                "gap vs " + window)).toList();
    }

    /**
     * The retired local "offline rules": NEW on "new/another/different issue"; SAME when a meaningful
     * word is shared with the summary or the message has fewer than three; NEW otherwise.
     */
    static IssueJudge wordOverlap() {
        return q -> q.messages().stream().map(m -> judgement(overlapVerdict(q, m), "word overlap")).toList();
    }

    private static Verdict overlapVerdict(JudgeQuestion q, JudgeQuestion.Candidate m) {
        if (NEW_MARKER.matcher(m.text()).find()) {
            return Verdict.NEW;
        }
        Set<String> fresh = meaningful(m.text());
        Set<String> shared = meaningful(q.previousSummary());
        shared.retainAll(fresh);
        return !shared.isEmpty() || fresh.size() < 3 ? Verdict.SAME : Verdict.NEW;
    }

    private static Set<String> meaningful(String text) {
        return new java.util.HashSet<>(java.util.Arrays.stream(SEPARATOR.split(text.toLowerCase(Locale.ROOT)))
                .map(w -> w.replaceAll("^[.']+|[.']+$", ""))
                .filter(w -> w.length() >= 3 && !STOP.contains(w)).toList());
    }

    private static Judgement judgement(Verdict verdict, String reason) {
        return new Judgement(verdict, null, Decision.Stage.RULE, reason);
    }

    static List<String> names() {
        return List.of("always-same", "window-4h", "word-overlap");
    }

    static IssueJudge byName(String name) {
        return switch (name) {
            case "always-same" -> alwaysSame();
            case "window-4h" -> timeWindow(Duration.ofHours(4));
            case "word-overlap" -> wordOverlap();
            default -> null;
        };
    }

    private static final Pattern NEW_MARKER = Pattern.compile("\\b(new|another|different) issue\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}.']+");
    private static final Set<String> STOP = Set.of("the", "and", "for", "not", "but", "you", "your", "are",
            "was", "were", "has", "have", "had", "can", "cannot", "can't", "any", "this", "that", "with", "from",
            "there", "what", "when", "will", "been", "about", "again", "please", "thanks", "thank", "hello", "still",
            "also", "now", "our", "its", "it's", "all", "just", "get", "got", "does", "did", "how", "why", "who",
            "issue", "problem", "hi", "hey", "ok", "okay", "yes", "update");
}
