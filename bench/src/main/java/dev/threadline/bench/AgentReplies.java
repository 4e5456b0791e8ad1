package dev.threadline.bench;

import dev.threadline.domain.CustomerKey;
import dev.threadline.domain.OutboundReply;
import dev.threadline.domain.OutboundReply.State;
import dev.threadline.emulators.whatsapp.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent side of {@link ReplyLoop}: replies (and internal notes) saved in the ERPNext emulator's
 * desk, one at a time, on the customers' open tickets, all inside the 24-hour window.
 */
final class AgentReplies {

    /**
     * One reply: the calls it caused, up to the last status note, and the time from the agent's save
     * (just before the Comment's insert) to the WhatsApp emulator accepting the send (its clock is the
     * system clock, as the benchmark's).
     */
    record Reply(Tally calls, long saveToSendNanos, long saveNanos) {}

    private AgentReplies() {}

    /** {@code n} replies over {@code customers} customers, each followed until the ticket notes it read. */
    static List<Reply> replies(LoopStack loop, int customers, int n, int offset) {
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int number = offset + i;
            CustomerKey key = LoopStack.customer(CustomerTurns.waId(number % customers));
            String issue = loop.sessions.load(key).openTicketId();
            String text = "Reply " + number + ": please hold the power button for ten seconds";
            Tally before = loop.tally();
            Instant save = Instant.now();
            String comment = loop.erpnext.comment(issue, text, true);
            Instant saved = Instant.now();
            LoopStack.await("the send of reply " + number, () -> sent(loop, text) != null);
            Instant send = sent(loop, text).at();
            LoopStack.await("the read note of reply " + number, () -> {
                OutboundReply r = loop.reply(key, comment);
                return r != null && r.state() == State.READ && r.notedState() == State.READ;
            });
            loop.awaitQuiet();
            out.add(new Reply(loop.tally().minus(before), Duration.between(save, send).toNanos(),
                    Duration.between(save, saved).toNanos()));
        }
        return out;
    }

    /** {@code n} internal notes (no reply marker): what one costs though nothing leaves ERPNext. */
    static Tally notes(LoopStack loop, int customers, int n) {
        Tally before = loop.tally();
        int sends = loop.whatsapp.attempts().size();
        for (int i = 0; i < n; i++) {
            CustomerKey key = LoopStack.customer(CustomerTurns.waId(i % customers));
            loop.erpnext.comment(loop.sessions.load(key).openTicketId(), "Internal: warranty checked, case " + i, false);
            loop.awaitQuiet();
        }
        if (loop.whatsapp.attempts().size() != sends) {
            throw new IllegalStateException("an internal note reached WhatsApp");
        }
        return loop.tally().minus(before);
    }

    private static SentMessage sent(LoopStack loop, String text) {
        List<SentMessage> all = loop.whatsapp.sent();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (text.equals(all.get(i).body())) {
                return all.get(i);
            }
        }
        return null;
    }
}
