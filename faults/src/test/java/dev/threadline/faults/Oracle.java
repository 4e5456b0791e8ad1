package dev.threadline.faults;

import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.Decision;
import dev.threadline.domain.Decision.Kind;
import dev.threadline.domain.Decision.Stage;
import dev.threadline.domain.DecisionRecord;
import dev.threadline.domain.Session;
import dev.threadline.faults.FaultySessionStore.Event;
import dev.threadline.faults.Scenario.Msg;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The invariants, checked after quiescence against ERPNext's state, the queues, the sessions and what
 * Meta was told. Returns every violation (empty when the run is correct), so one failure report shows
 * all that went wrong.
 *
 * <p>The expected ticket structure comes from replaying, per customer, the linearised log of claims,
 * completions and closes ({@link FaultySessionStore}) under the rules the oracle knows independently:
 * FIRST when there is no active session (never one, or swept) or the customer was idle over the
 * session timeout on Meta's clock; otherwise the {@link TopicJudge} rule (SAME iff the claimed part's
 * first topic is the open issue's topic; ticket-fn cuts turns at every idle gap and NEW), except that a judge failure may fall back to SAME. The log only
 * tells which messages formed a turn (bursts merge by batch, which timing decides) and when the
 * sweeper struck; every decision in it is checked against the rules, and every turn against ERPNext.
 */
final class Oracle {

    private Oracle() {}

    /** A ticket as the oracle expects (or finds) it: the opening turn's ids, then each post's ids. */
    record Episode(List<String> opening, List<List<String>> posts) {
        Episode(List<String> opening) {
            this(opening, new ArrayList<>());
        }

        @Override
        public String toString() {
            return "ticket" + opening + (posts.isEmpty() ? "" : " + posts " + posts);
        }
    }

    static List<String> violations(Scenario scenario, Runner runner, Stack stack) {
        List<String> v = new ArrayList<>(runner.intakeViolations());
        Map<Integer, List<String>> accepted = runner.meta().acceptedOrder();
        for (Msg m : scenario.allMessages()) {
            if (!accepted.getOrDefault(m.customer(), List.of()).contains(m.id())) {
                v.add("LOST AT INTAKE: " + m.id() + " was never accepted with a 200");
            }
        }
        int left = stack.jobsInQueue();
        if (left != 0) {
            v.add("NOT QUIESCENT: " + left + " job(s) still in the jobs queue");
        }
        Set<String> poisoned = scenario.allMessages().stream().filter(Msg::poison).map(Msg::id).collect(Collectors.toSet());
        Set<String> dead = new HashSet<>();
        int fallbacks = 0;
        Map<String, Integer> inErpNext = new LinkedHashMap<>();
        for (var conversation : scenario.conversations()) {
            Replay replay = customer(conversation.customer(), scenario, poisoned, accepted, stack, inErpNext, v);
            dead.addAll(replay.dead);
            fallbacks += replay.fallbacks;
        }
        erpNextAsAWhole(scenario, stack, inErpNext, dead, v);
        if (fallbacks > runner.llmFaults()) {
            v.add("JUDGE: " + fallbacks + " fallback decision(s) with only " + runner.llmFaults() + " LLM fault(s) injected");
        }
        deadLetterQueue(stack, dead, v);
        redeliverEverything(scenario, runner, stack, dead, v);
        return v;
    }

    /** Replays one customer's log and checks their turns, tickets, session and ticket history. */
    private static Replay customer(int c, Scenario scenario, Set<String> poisoned, Map<Integer, List<String>> accepted,
                                   Stack stack, Map<String, Integer> inErpNext, List<String> v) {
        CustomerKey key = Meta.customer(c);
        Replay replay = new Replay(scenario, poisoned, v);
        stack.store.log().stream().filter(e -> e.customer().equals(key)).forEach(replay::apply);
        replay.finish();
        List<String> expectedOrder = accepted.getOrDefault(c, List.of()).stream().filter(id -> !replay.dead.contains(id)).toList();
        if (!replay.applied.equals(expectedOrder)) {
            v.add("ORDER/EXACTLY-ONCE: customer " + c + " had turns applied as " + replay.applied
                    + " but intake accepted " + expectedOrder + " (dead-lettered turns left out)");
        }
        List<Episode> actual = actualEpisodes(stack, key, inErpNext);
        if (!actual.equals(replay.episodes)) {
            v.add("TICKETS: customer " + c + " expected " + replay.episodes + " but ERPNext has " + actual);
        }
        Session session = stack.store.load(key);
        if (session.pending() != null) {
            v.add("STUCK: customer " + c + "'s session still holds a pending effect " + session.pending().turn());
        }
        replay.applied.stream().filter(id -> !session.hasApplied(id))
                .forEach(id -> v.add("LEDGER: customer " + c + "'s session does not remember applying " + id));
        int history = stack.store.tickets(key).size();
        if (history != replay.episodes.size()) {
            v.add("HISTORY: customer " + c + " has " + history + " ticket record(s) for " + replay.episodes.size() + " ticket(s)");
        }
        return replay;
    }

    /** Every message id in ERPNext once, none of a dead-lettered turn, no Issue of a stranger. */
    private static void erpNextAsAWhole(Scenario scenario, Stack stack, Map<String, Integer> inErpNext, Set<String> dead,
                                        List<String> v) {
        inErpNext.forEach((id, n) -> {
            if (n != 1) {
                v.add("EXACTLY-ONCE: " + id + " appears " + n + " times in ERPNext");
            }
            if (dead.contains(id)) {
                v.add("DEAD BUT APPLIED: " + id + " is in ERPNext although its turn was dead-lettered");
            }
        });
        long strangers = stack.erpnext.issues().size() - scenario.conversations().stream()
                .mapToLong(c -> issuesOf(stack, Meta.customer(c.customer())).size()).sum();
        if (strangers != 0) {
            v.add("TICKETS: " + strangers + " issue(s) in ERPNext belong to no generated customer");
        }
    }

    /** The refused writes, the dead turns and the DLQ name the same messages; the DLQ says why. */
    private static void deadLetterQueue(Stack stack, Set<String> dead, List<String> v) {
        Set<String> refused = stack.helpdesk.refused().stream().flatMap(List::stream).collect(Collectors.toSet());
        if (!refused.equals(dead)) {
            v.add("POISON: ERPNext refused writes carrying " + new TreeSet<>(refused) + " but the dead turns were "
                    + new TreeSet<>(dead));
        }
        Map<String, String> dlq = deadLetters(stack, v);
        if (!dlq.keySet().equals(dead)) {
            v.add("DLQ: holds " + new TreeSet<>(dlq.keySet()) + " but exactly the dead-lettered turns " + new TreeSet<>(dead)
                    + " belong there");
        }
        dlq.forEach((id, reason) -> {
            if (reason == null || !reason.contains("417")) {
                v.add("DLQ: " + id + " was dead-lettered for '" + reason + "', not for the injected 417"
                        + (reason == null ? " (SQS redrive after too many receives?)" : ""));
            }
        });
    }

    /** The replay of one customer's log. */
    private static final class Replay {
        final Scenario scenario;
        final Set<String> poisoned;
        final List<String> v;
        final List<Episode> episodes = new ArrayList<>();
        final List<String> applied = new ArrayList<>();
        final Set<String> dead = new HashSet<>();
        final Deque<List<String>> uncompleted = new ArrayDeque<>();
        boolean active;
        int topic = -1;
        Instant lastActivity;
        int fallbacks;

        Replay(Scenario scenario, Set<String> poisoned, List<String> v) {
            this.scenario = scenario;
            this.poisoned = poisoned;
            this.v = v;
        }

        void apply(Event event) {
            switch (event) {
                case Event.Closed closed -> active = false;
                case Event.Completed done -> {
                    List<String> next = uncompleted.poll();
                    if (!done.messageIds().equals(next)) {
                        v.add("PROTOCOL: completed " + done.messageIds() + " while the oldest open claim was " + next);
                    }
                }
                case Event.Claimed claimed -> claim(claimed.decision());
            }
        }

        private void claim(DecisionRecord record) {
            List<String> turn = record.messageIds();
            Msg first = scenario.message(turn.get(0));
            Msg last = scenario.message(turn.get(turn.size() - 1));
            Decision d = record.decision();
            Kind expected;
            String why;
            if (!active) {
                expected = Kind.FIRST;
                why = "no active session";
            } else if (Duration.between(lastActivity, first.sentAt()).compareTo(Scenario.SESSION_TIMEOUT) > 0) {
                expected = Kind.FIRST;
                why = "idle over the session timeout";
            } else if (d.stage() == Stage.FALLBACK) {
                expected = Kind.SAME;
                why = "the judge failed: fallback";
                fallbacks++;
            } else {
                expected = first.topic() == topic ? Kind.SAME : Kind.NEW;
                why = "topic " + first.topic() + " after topic " + topic;
            }
            Stage stage = d.stage();
            boolean stageOk = expected == Kind.FIRST ? stage == Stage.RULE : stage == Stage.LLM || stage == Stage.FALLBACK;
            if (d.kind() != expected || !stageOk) {
                v.add("DECISION: turn " + turn + " was " + d.kind() + "/" + stage + " (" + d.reason() + "), expected "
                        + expected + " (" + why + ")");
            }
            if (turn.stream().anyMatch(poisoned::contains)) {
                dead.addAll(turn); // refused for good: the session is left as it was, the turn goes to the DLQ
                return;
            }
            uncompleted.add(turn);
            applied.addAll(turn);
            if (d.opensTicket()) {
                episodes.add(new Episode(turn));
                active = true;
                topic = first.topic();
            } else if (episodes.isEmpty()) {
                v.add("DECISION: turn " + turn + " was appended although no ticket was ever opened");
            } else {
                episodes.get(episodes.size() - 1).posts().add(turn);
            }
            lastActivity = lastActivity == null || last.sentAt().isAfter(lastActivity) ? last.sentAt() : lastActivity;
        }

        void finish() {
            uncompleted.forEach(turn -> v.add("PROTOCOL: turn " + turn + " was claimed but never completed"));
        }
    }

    private static List<Map<String, Object>> issuesOf(Stack stack, CustomerKey key) {
        return stack.erpnext.issues().stream().filter(i -> key.value().equals(i.get("custom_customer_key"))).toList();
    }

    private static List<Episode> actualEpisodes(Stack stack, CustomerKey key, Map<String, Integer> seen) {
        List<Episode> out = new ArrayList<>();
        for (Map<String, Object> issue : issuesOf(stack, key)) {
            List<String> opening = Scenario.idsIn((String) issue.get("description"));
            Episode e = new Episode(opening);
            opening.forEach(id -> seen.merge(id, 1, Integer::sum));
            for (Map<String, Object> communication : stack.erpnext.communications((String) issue.get("name"))) {
                List<String> ids = Scenario.idsIn((String) communication.get("content"));
                ids.forEach(id -> seen.merge(id, 1, Integer::sum));
                e.posts().add(ids);
            }
            out.add(e);
        }
        return out;
    }

    /** Reads (and deletes) the whole DLQ: message id to failure reason. */
    private static Map<String, String> deadLetters(Stack stack, List<String> v) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            List<Message> batch = stack.sqs.receiveMessage(b -> b.queueUrl(stack.resources.deadLetterQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(0).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return out;
            }
            for (Message m : batch) {
                List<String> ids = Scenario.idsIn(m.body());
                String id = ids.isEmpty() ? "?" : ids.get(0);
                var reason = m.messageAttributes().get("failure_reason");
                if (out.put(id, reason == null ? null : reason.stringValue()) != null) {
                    v.add("DLQ: " + id + " is in the DLQ twice");
                }
                stack.sqs.deleteMessage(b -> b.queueUrl(stack.resources.deadLetterQueueUrl()).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    /**
     * Meta redelivers every applied message once more (its retries last 7 days): intake must recognise
     * each as applied and queue nothing, or ticket-fn would be asked again forever.
     */
    private static void redeliverEverything(Scenario scenario, Runner runner, Stack stack, Set<String> dead, List<String> v) {
        for (var conversation : scenario.conversations()) {
            List<Msg> applied = conversation.messages().stream().filter(m -> !dead.contains(m.id())).toList();
            if (applied.isEmpty()) {
                continue;
            }
            Meta.Response r = runner.meta().post(applied);
            if (r.status() != 200 || r.queued() != 0) {
                v.add("LEDGER: redelivering customer " + conversation.customer() + "'s applied messages got " + r
                        + "; intake must drop applied messages");
            }
        }
        int left = stack.jobsInQueue();
        if (left != 0) {
            v.add("LEDGER: redelivering applied messages queued " + left + " job(s)");
        }
    }
}
