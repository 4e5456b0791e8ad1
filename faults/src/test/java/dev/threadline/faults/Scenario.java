package dev.threadline.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One generated run, ready to execute: who writes what, how Meta delivers it, and which fault strikes
 * when. Built from jqwik genes by {@link ScenarioBuilder}; printed compactly so that a falsified
 * sample reads as a script.
 *
 * @param mergeBursts ticket-fn's {@code MERGE_BURSTS}: consecutive jobs of a customer in one batch form one turn
 * @param conversations every customer's messages, in the order they were written
 * @param steps what happens, in order; the runner drains ticket-fn to quiescence after the last one
 */
record Scenario(boolean mergeBursts, List<Conversation> conversations, List<Step> steps) {

    /** Meta's clock at the first message. */
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    /** ticket-fn's SESSION_TIMEOUT in the suite (the production default). */
    static final Duration SESSION_TIMEOUT = Duration.ofHours(24);

    private static final Pattern ID = Pattern.compile("wamid\\.F\\d+x\\d\\d");

    Scenario {
        conversations = List.copyOf(conversations);
        steps = List.copyOf(steps);
    }

    /** The generated message ids in a ticket description or post, in order of appearance. */
    static List<String> idsIn(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(html == null ? "" : html);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }

    List<Msg> allMessages() {
        return conversations.stream().flatMap(c -> c.messages().stream()).toList();
    }

    Msg message(String id) {
        return allMessages().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("an id nobody generated: " + id));
    }

    @Override
    public String toString() {
        return "Scenario[mergeBursts=" + mergeBursts + "]\n  messages:\n"
                + conversations.stream().map(c -> "    " + c).collect(Collectors.joining("\n"))
                + "\n  steps:\n" + steps.stream().map(s -> "    " + s).collect(Collectors.joining("\n"));
    }

    /** A customer's messages. */
    record Conversation(int customer, List<Msg> messages) {
        Conversation {
            messages = List.copyOf(messages);
        }

        @Override
        public String toString() {
            return "customer " + customer + ": " + messages.stream().map(Msg::toString).collect(Collectors.joining(" "));
        }
    }

    /**
     * One WhatsApp message.
     *
     * @param id its wamid, {@code wamid.F<customer>x<seq>} (fixed width, so no id is a prefix of another)
     * @param topic what it is about; the text starts with {@code [topic-N]} (see {@link TopicJudge})
     * @param sentAt Meta's timestamp; 25 hours after the previous message when the generator chose an idle gap
     * @param poison ERPNext refuses every write carrying it, for good (HTTP 417)
     */
    record Msg(String id, int customer, int seq, int topic, Instant sentAt, boolean poison) {
        static String idOf(int customer, int seq) {
            return "wamid.F" + customer + "x" + String.format("%02d", seq);
        }

        String text() {
            return TopicJudge.text(topic, seq);
        }

        @Override
        public String toString() {
            long minutes = Duration.between(T0, sentAt).toMinutes();
            return id.substring("wamid.".length()) + "{t" + topic + ",+" + minutes + "m" + (poison ? ",POISON" : "") + "}";
        }
    }

    /** What happens next. */
    sealed interface Step {

        /**
         * Meta POSTs a signed webhook with {@code burst} (one customer's consecutive messages).
         *
         * @param copies how many times Meta delivers it (1 to 5)
         * @param concurrent the copies arrive at the same time
         * @param sqsOutage SendMessageBatch fails during the first copy: intake answers 503 and Meta retries later
         */
        record Deliver(int delivery, List<Msg> burst, int copies, boolean concurrent, boolean sqsOutage) implements Step {
            @Override
            public String toString() {
                return "deliver #" + delivery + " " + burst.stream().map(m -> m.id().substring(6)).toList()
                        + (copies > 1 ? " x" + copies + (concurrent ? " concurrently" : "") : "")
                        + (sqsOutage ? " during an SQS outage" : "");
            }
        }

        /** Meta retries a delivery that was answered 503. */
        record MetaRetry(int delivery) implements Step {}

        /** Meta redelivers a delivery once more, after later messages. */
        record LateCopy(int delivery) implements Step {}

        /** ticket-fn's event source mapping polls; with {@code ackLost} the first batch is processed but never deleted. */
        record Poll(int times, boolean ackLost) implements Step {}

        /** sweeper-fn runs once, the clock moved to {@code T0 + SESSION_TIMEOUT + hours}; optionally during a poll. */
        record Sweep(int hours, boolean duringPoll) implements Step {}

        /** ERPNext misbehaves on its next matching request(s). */
        record ErpFault(ErpKind kind, Route route) implements Step {}

        /** The LLM misbehaves on its next request. */
        record LlmFault(LlmKind kind) implements Step {}

        /** ticket-fn dies the next time it reaches {@code at}. */
        record Crash(Boundary at) implements Step {}
    }

    /** ERPNext routes faults are aimed at (method and path prefix as {@code ErpNextFake.faults()} matches them). */
    enum Route {
        CREATE_ISSUE("POST", "/api/resource/Issue"),
        CREATE_COMMUNICATION("POST", "/api/resource/Communication"),
        READ_ISSUE("GET", "/api/resource/Issue"),
        READ_COMMUNICATION("GET", "/api/resource/Communication");

        final String method;
        final String path;

        Route(String method, String path) {
            this.method = method;
            this.path = path;
        }

        boolean write() {
            return method.equals("POST");
        }
    }

    /**
     * What ERPNext does wrong, and how many transient failures it can cost a call (the budget that
     * keeps the circuit breaker, at 5 consecutive failures, closed).
     */
    enum ErpKind {
        /** 502 from the proxy, once. */
        BAD_GATEWAY(1),
        /** 503 maintenance, twice in a row: still inside the adapter's three attempts. */
        MAINTENANCE_TWICE(2),
        /** 500 QueryDeadlockError, once. */
        DEADLOCK(1),
        /** 429 with Retry-After: 0, once. */
        RATE_LIMITED(1),
        /** Answers after 100 ms (inside the timeout). */
        SLOW(0),
        /** Answers after the client's timeout (reads and Issue creation only: see {@link ScenarioBuilder}). */
        TIMEOUT(1),
        /** Commits, then the answer never comes (writes only). */
        COMMIT_THEN_TIMEOUT(1),
        /** 503 three times: the adapter gives up, the turn fails and SQS redelivers it. */
        OUTAGE(3);

        final int cost;

        ErpKind(int cost) {
            this.cost = cost;
        }
    }

    /** What the LLM does wrong. */
    enum LlmKind { TIMEOUT, HTTP_500, GARBAGE, MALFORMED }

    /**
     * Where ticket-fn dies (a {@link dev.threadline.fakes.SimulatedCrash}, an Error nothing catches).
     * Every boundary is a {@link FaultySessionStore} hook: the helpdesk effect sits between
     * {@code claim} and {@code complete}, so "right after the ERPNext call returned" is BEFORE_COMPLETE.
     */
    enum Boundary {
        /** Decided, nothing written. */
        BEFORE_CLAIM,
        /** The effect is claimed (pending, leased), ERPNext not called yet. */
        AFTER_CLAIM,
        /** ERPNext has the ticket or post; the session does not know. */
        BEFORE_COMPLETE,
        /** Session and ledger written; SQS not acknowledged. */
        AFTER_COMPLETE,
        /** Before a take-over, a release after a transient failure, or the clean-up after a refusal. */
        BEFORE_REPLACE
    }
}
