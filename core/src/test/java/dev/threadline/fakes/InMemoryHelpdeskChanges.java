package dev.threadline.fakes;

import dev.threadline.application.AcceptHelpdeskEvent.Change;
import dev.threadline.application.port.HelpdeskChanges;
import dev.threadline.application.port.PollCursors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A helpdesk's change feeds held in memory, read in (modified, name) order as Frappe's list API
 * answers; also the cursor store, conditional as DynamoDB's. Each listing can advance a clock, so a
 * test can spend a run's time budget without waiting.
 */
public final class InMemoryHelpdeskChanges implements HelpdeskChanges, PollCursors {

    private static final Comparator<Change> ORDER = Comparator.comparing(Change::modified).thenComparing(Change::name);

    private final Map<Feed, List<Change>> feeds = new EnumMap<>(Feed.class);
    private final Map<Feed, Position> cursors = new EnumMap<>(Feed.class);
    private final MutableClock clock;
    private final Duration perListing;
    private int listings;
    private RuntimeException failNextListing;

    public InMemoryHelpdeskChanges(MutableClock clock, Duration perListing) {
        this.clock = clock;
        this.perListing = perListing;
    }

    public void add(Feed feed, Change change) {
        feeds.computeIfAbsent(feed, f -> new ArrayList<>()).add(change);
    }

    public void failNextListing(RuntimeException failure) {
        failNextListing = failure;
    }

    public int listings() {
        return listings;
    }

    @Override
    public List<Change> after(Feed feed, Position position, int limit) {
        listings++;
        clock.advance(perListing);
        if (failNextListing != null) {
            RuntimeException failure = failNextListing;
            failNextListing = null;
            throw failure;
        }
        Change probe = new Change("", position.name(), position.modified(), "", null, null, null);
        return feeds.getOrDefault(feed, List.of()).stream().filter(c -> ORDER.compare(c, probe) > 0)
                .sorted(ORDER).limit(limit).toList();
    }

    @Override
    public Position newest(Feed feed) {
        return feeds.getOrDefault(feed, List.of()).stream().max(ORDER).map(Position::after).orElse(Position.START);
    }

    @Override
    public Position load(Feed feed) {
        return cursors.get(feed);
    }

    @Override
    public void move(Feed feed, Position from, Position to) {
        if (!java.util.Objects.equals(cursors.get(feed), from)) {
            throw new MovedException(feed + " moved");
        }
        cursors.put(feed, to);
    }
}
