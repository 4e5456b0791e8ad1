package dev.threadline.fakes;

import dev.threadline.application.port.MessageLedger;
import dev.threadline.domain.MessageRef;
import java.util.HashSet;
import java.util.Set;

/** The message ledger's rules in memory: the first claim wins, a record says "applied" once marked. */
public final class InMemoryLedger implements MessageLedger {

    private final Set<MessageRef> received = new HashSet<>();
    private final Set<MessageRef> applied = new HashSet<>();

    @Override
    public synchronized Claim claim(MessageRef job) {
        if (received.add(job)) {
            return new Claim.First();
        }
        return applied.contains(job) ? new Claim.AlreadyApplied() : new Claim.SeenNotApplied();
    }

    @Override
    public synchronized void markApplied(MessageRef job) {
        received.add(job);
        applied.add(job);
    }

    public synchronized boolean applied(MessageRef job) {
        return applied.contains(job);
    }
}
