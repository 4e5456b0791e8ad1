package dev.threadline.fakes;

import dev.threadline.application.port.DeadLetters;
import java.util.ArrayList;
import java.util.List;

/** Keeps dead-lettered jobs with their reason; can be told to fail. */
public final class RecordingDeadLetters implements DeadLetters {

    public record Entry(DeadJob job, String reason) {}

    private final List<Entry> entries = new ArrayList<>();
    private volatile boolean down;

    @Override
    public synchronized void deadLetter(List<DeadJob> jobs, String reason) {
        if (down) {
            throw new IllegalStateException("dead-letter queue unavailable");
        }
        jobs.forEach(j -> entries.add(new Entry(j, reason)));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public void down(boolean value) {
        down = value;
    }
}
