package dev.threadline.fakes;

import dev.threadline.application.port.Messenger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A WhatsApp sender for use-case tests: records every call it receives, answers from a script
 * (Accepted with a fresh wamid when the script is empty), and can crash after the call is made.
 */
public final class ScriptedMessenger implements Messenger {

    /** One call: what was asked. */
    public record Sent(String kind, String phone, String body, String callbackData) {}

    private final List<Sent> calls = new ArrayList<>();
    private final Deque<Supplier<SendResult>> script = new ArrayDeque<>();
    private int ids;

    /** The next call answers with this (or throws what it throws). */
    public synchronized ScriptedMessenger then(Supplier<SendResult> answer) {
        script.add(answer);
        return this;
    }

    @Override
    public synchronized SendResult sendText(Recipient to, String body, String callbackData) {
        calls.add(new Sent("text", to.phone(), body, callbackData));
        return answer();
    }

    @Override
    public synchronized SendResult sendTemplate(Recipient to, Map<String, String> values, String callbackData) {
        calls.add(new Sent("template", to.phone(), String.valueOf(values), callbackData));
        return answer();
    }

    private SendResult answer() {
        Supplier<SendResult> next = script.poll();
        return next == null ? new SendResult.Accepted("wamid.OUT" + (++ids)) : next.get();
    }

    public synchronized List<Sent> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Sent> texts() {
        return calls.stream().filter(c -> c.kind().equals("text")).toList();
    }

    public synchronized List<Sent> templates() {
        return calls.stream().filter(c -> c.kind().equals("template")).toList();
    }
}
