package dev.threadline.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.port.IssueJudge;
import dev.threadline.domain.Content;
import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Decision;
import dev.threadline.domain.InboundMessage;
import dev.threadline.domain.Judgement;
import dev.threadline.domain.Transcript;
import dev.threadline.domain.Verdict;
import dev.threadline.fakes.InMemoryHelpdesk;
import dev.threadline.fakes.InMemorySessionStore;
import dev.threadline.fakes.MutableClock;
import dev.threadline.fakes.RecordingMetrics;
import dev.threadline.fakes.RecordingNotifier;
import dev.threadline.fakes.ScriptedAi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Merged bursts never mix episodes: whatever the gaps (some past the session timeout) and topic
 * switches inside a burst, every Issue and every Communication holds messages of one episode only,
 * and every message lands exactly once.
 */
class TurnCuttingProperties {

    private static final CustomerKey JANA = new CustomerKey("109876543210987", "4915112345678");
    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");
    private static final Duration TIMEOUT = Duration.ofHours(24);
    private static final Pattern TOPIC = Pattern.compile("\\[t(\\d)]");

    /** A message of the generated burst: its topic and the minutes since the one before. */
    record Step(int topic, long gapMinutes) {}

    @Provide
    Arbitrary<List<Step>> bursts() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(1L, 5L, 90L, 600L, 1439L, 1441L, 3000L)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 200)
    void noIssueOrCommunicationHoldsTwoEpisodes(@ForAll("bursts") List<Step> burst, @ForAll boolean openBefore) {
        InMemorySessionStore sessions = new InMemorySessionStore();
        InMemoryHelpdesk helpdesk = new InMemoryHelpdesk();
        ScriptedAi classifier = new ScriptedAi();
        TicketPolicy policy = new TicketPolicy(TIMEOUT, 0.0, true, Duration.ofMinutes(2));
        ThreadMessages threading = new ThreadMessages(sessions, helpdesk, classifier, topicJudge(), new RecordingNotifier(),
                new RecordingMetrics(), policy, new MutableClock(T0));

        Map<String, Integer> episodeOf = new HashMap<>();
        Instant at = T0;
        int episode = 0;
        int topic = -1;
        if (openBefore) {
            threading.handle(List.of(message(0, at, 0)));
            episodeOf.put("wamid.0", 0);
            topic = 0;
        }
        List<InboundMessage> turn = new ArrayList<>();
        for (int i = 0; i < burst.size(); i++) {
            Step s = burst.get(i);
            boolean first = i == 0 && !openBefore;
            at = first ? at : at.plus(Duration.ofMinutes(s.gapMinutes()));
            if (first || Duration.ofMinutes(s.gapMinutes()).compareTo(TIMEOUT) > 0 || s.topic() != topic) {
                episode++;
            }
            topic = s.topic();
            turn.add(message(i + 1, at, s.topic()));
            episodeOf.put("wamid." + (i + 1), episode);
        }
        threading.handle(turn);

        List<List<String>> effects = new ArrayList<>();
        for (InMemoryHelpdesk.Ticket t : helpdesk.tickets()) {
            effects.add(ids(t.request().transcript()));
            t.posts().forEach(p -> effects.add(ids(p.transcript())));
        }
        assertThat(effects).allSatisfy(ids ->
                assertThat(ids.stream().map(episodeOf::get).distinct()).as("episodes in one effect %s", ids).hasSize(1));
        assertThat(effects.stream().flatMap(List::stream).sorted().toList())
                .as("every message exactly once").isEqualTo(episodeOf.keySet().stream().sorted().toList());
        assertThat(helpdesk.tickets()).as("one ticket per episode").hasSize(episode + (openBefore ? 1 : 0));
    }

    /** NEW exactly when a message's topic differs from the issue it is judged against. */
    private static IssueJudge topicJudge() {
        return q -> {
            int current = topic(q.previousSummary());
            List<Judgement> out = new ArrayList<>();
            for (var m : q.messages()) {
                int t = topic(m.text());
                out.add(new Judgement(t == current ? Verdict.SAME : Verdict.NEW, 0.9, Decision.Stage.OFFLINE, "topic"));
                current = t;
            }
            return out;
        };
    }

    private static int topic(String text) {
        Matcher m = TOPIC.matcher(text == null ? "" : text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static InboundMessage message(int n, Instant at, int topic) {
        return new InboundMessage("wamid." + n, JANA, "4915112345678", null, null, null, at, "text", new Content.Said("[t" + topic + "] message " + n), null, "{}");
    }

    private static List<String> ids(Transcript transcript) {
        return transcript.lines().stream().map(Transcript.Line::messageId).toList();
    }
}
