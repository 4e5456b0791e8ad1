package dev.threadline.fakes;

import dev.threadline.application.port.AgentNotifier;
import dev.threadline.application.port.Notice;
import dev.threadline.application.port.Notice.Kind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every notice. */
public final class RecordingNotifier implements AgentNotifier {
    private final List<Notice> notices = new CopyOnWriteArrayList<>();

    @Override
    public boolean notify(Notice notice) {
        notices.add(notice);
        return true;
    }

    public List<Notice> notices() {
        return List.copyOf(notices);
    }

    public List<Notice> of(Kind kind) {
        return notices.stream().filter(n -> n.kind() == kind).toList();
    }
}
