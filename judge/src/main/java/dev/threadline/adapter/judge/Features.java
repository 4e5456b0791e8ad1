package dev.threadline.adapter.judge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns an {@link Observation} into the numbers the model weighs: how close the message is to the
 * ticket and to the recent messages, what kind of message it is (its neighbours in the labelled
 * pool, its markers and shape), the time gap, and whether it names the ticket's identifiers or new
 * ones. Every feature is one a human agent would use; none reads labels or tags.
 */
final class Features {

    /** Feature names, in vector order; the model file records them so a mismatch fails loudly. */
    static final List<String> NAMES = List.of(
            "sim_summary", "sim_recent_max", "sim_recent_last", "sim_agent", "has_agent", "agent_asked",
            "agent_asked_short", "gap_log", "gap_over_4h", "question", "ping", "media",
            "media_bare", "new_marker", "continuation_marker", "thanks", "thanks_but", "id_in_message",
            "id_shared", "id_novel", "id_corrected", "word_overlap", "knn_new", "sim_context_best", "short", "long_and_unlike", "reply_opener", "correction");

    private Features() {}

    /**
     * @param vectors the embeddings of the message, the summary, each recent message and the agent
     *     reply (see {@link #texts})
     * @param knnNew the pool's vote for NEW among the message's nearest labelled neighbours, in [0, 1]
     */
    static double[] of(Observation o, float[][] vectors, double knnNew) {
        float[] msg = vectors[0];
        double simSummary = Embedder.cosine(msg, vectors[1]);
        double simRecentMax = simSummary;
        double simRecentLast = simSummary;
        for (int i = 0; i < o.recent().size(); i++) {
            double s = Embedder.cosine(msg, vectors[2 + i]);
            simRecentMax = i == 0 ? s : Math.max(simRecentMax, s);
            simRecentLast = s;
        }
        boolean hasAgent = o.agentReply() != null;
        double simAgent = hasAgent ? Embedder.cosine(msg, vectors[vectors.length - 1]) : 0;
        boolean agentAsked = hasAgent && o.agentReply().contains("?");

        String text = Signals.withoutMedia(o.message());
        String folded = Signals.fold(o.message());
        int words = Signals.words(text);
        boolean isShort = words <= 4;
        String media = Signals.mediaKind(o.message());
        int newMarkers = Signals.count(folded, Signals.NEW_REQUEST);
        int continuation = Signals.count(folded, Signals.CONTINUATION);
        boolean thanks = Signals.count(folded, Signals.THANKS) > 0;
        boolean but = Signals.count(folded, Signals.BUT) > 0;

        Set<String> ids = Signals.identifiers(o.message());
        Set<String> contextIds = new HashSet<>(Signals.identifiers(o.summary()));
        o.recent().forEach(r -> contextIds.addAll(Signals.identifiers(r)));
        if (hasAgent) {
            contextIds.addAll(Signals.identifiers(o.agentReply()));
        }
        boolean shared = ids.stream().anyMatch(contextIds::contains);
        boolean novel = !ids.isEmpty() && !shared;
        boolean corrected = novel && ids.stream().anyMatch(id -> contextIds.stream().anyMatch(c -> Signals.nearlyEqual(id, c)));
        // A length on its own says more about who wrote than about what was written; only paired with
        // how unlike the ticket the message is does it tell a new problem from new detail.

        Set<String> mine = Signals.contentWords(text);
        Set<String> theirs = new HashSet<>(Signals.contentWords(o.summary()));
        o.recent().forEach(r -> theirs.addAll(Signals.contentWords(r)));
        double overlap = mine.isEmpty() ? 0 : (double) mine.stream().filter(theirs::contains).count() / mine.size();

        double best = Math.max(simSummary, Math.max(simRecentMax, simAgent));
        double lengthLog = Math.log1p(words) / Math.log(50);
        double[] x = {
            simSummary, simRecentMax, simRecentLast, simAgent, hasAgent ? 1 : 0, agentAsked ? 1 : 0,
            agentAsked && isShort ? 1 : 0,
            Math.log1p(o.gapMinutes()) / Math.log(1441), o.gapMinutes() > 240 ? 1 : 0,
            text.contains("?") ? 1 : 0, Signals.isPing(text) ? 1 : 0,
            media != null ? 1 : 0, media != null && words == 0 ? 1 : 0,
            Math.min(newMarkers, 2), Math.min(continuation, 2), thanks ? 1 : 0, thanks && (but || newMarkers > 0) ? 1 : 0,
            ids.isEmpty() ? 0 : 1, shared ? 1 : 0, novel && !corrected ? 1 : 0, corrected ? 1 : 0,
            overlap, knnNew, best, isShort ? 1 : 0,
            // A long message far from everything on the ticket describes a problem of its own; a long
            // one close to it adds detail. The linear model needs the product to see the difference.
            lengthLog * (1 - Math.max(0, best)),
            Signals.opensAsReply(text) ? 1 : 0,
            !ids.isEmpty() && Signals.count(folded, Signals.CORRECTION) > 0 ? 1 : 0,
        };
        assert x.length == NAMES.size();
        return x;
    }

    /** The texts to embed for {@link #of}, in the order it reads their vectors. */
    static List<String> texts(Observation o) {
        List<String> texts = new ArrayList<>();
        texts.add(embeddable(o.message()));
        texts.add(embeddable(o.summary()));
        o.recent().forEach(r -> texts.add(embeddable(r)));
        if (o.agentReply() != null) {
            texts.add(embeddable(o.agentReply()));
        }
        return texts;
    }

    /** What the embedding model reads: the customer's words, or the media kind when there are none. */
    static String embeddable(String text) {
        String words = Signals.withoutMedia(text);
        if (!words.isBlank()) {
            return words;
        }
        String media = Signals.mediaKind(text);
        return media == null ? "." : media;
    }
}
