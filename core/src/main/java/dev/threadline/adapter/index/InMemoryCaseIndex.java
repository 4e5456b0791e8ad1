package dev.threadline.adapter.index;

import dev.threadline.application.port.CaseStore;
import dev.threadline.application.port.EmbeddingIndex;
import dev.threadline.domain.CaseRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link EmbeddingIndex}: every case of a site held in this function instance's memory,
 * searched exactly (a dot product per case). A site's cases are loaded from the {@link CaseStore} on
 * its first search, then refreshed incrementally from the store's change journal at most every
 * {@code refreshEvery}; an instance idle for longer than the journal is kept reloads whole. How far
 * this holds is measured in BENCHMARKS.md ("Resolution learning").
 */
public final class InMemoryCaseIndex implements EmbeddingIndex {

    /** Changes are read from a little before the last read, so a write that committed late is not missed. */
    private static final Duration OVERLAP = Duration.ofSeconds(10);

    private final CaseStore store;
    private final Clock clock;
    private final Duration refreshEvery;
    private final Duration journalKept;
    private final Map<String, SiteCases> sites = new ConcurrentHashMap<>();

    public InMemoryCaseIndex(CaseStore store, Clock clock, Duration refreshEvery, Duration journalKept) {
        this.store = store;
        this.clock = clock;
        this.refreshEvery = refreshEvery;
        this.journalKept = journalKept;
    }

    @Override
    public void upsert(CaseRecord record) {
        site(record.site()).cases.put(record.ticketId(), record);
    }

    @Override
    public void remove(String site, String ticketId) {
        site(site).cases.remove(ticketId);
    }

    @Override
    public List<Candidate> nearest(String site, float[] vector, int n) {
        SiteCases cases = site(site);
        cases.refresh();
        PriorityQueue<Candidate> best = new PriorityQueue<>(Comparator.comparingDouble(Candidate::cosine));
        for (CaseRecord r : cases.cases.values()) {
            if (r.embedding().length != vector.length) {
                continue; // another model's vector: reindex recomputes it
            }
            best.add(new Candidate(r, dot(vector, r.embedding())));
            if (best.size() > n) {
                best.poll();
            }
        }
        List<Candidate> out = new ArrayList<>(best);
        out.sort(Comparator.comparingDouble(Candidate::cosine).reversed());
        return out;
    }

    /** How many cases the site's index holds now (loading it if needed). */
    public int size(String site) {
        SiteCases cases = site(site);
        cases.refresh();
        return cases.cases.size();
    }

    private SiteCases site(String site) {
        return sites.computeIfAbsent(site, SiteCases::new);
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private final class SiteCases {
        final String site;
        final Map<String, CaseRecord> cases = new ConcurrentHashMap<>();
        Instant readUpTo;
        Instant checkedAt;

        SiteCases(String site) {
            this.site = site;
        }

        synchronized void refresh() {
            Instant now = clock.instant();
            if (readUpTo == null || Duration.between(readUpTo, now).compareTo(journalKept) > 0) {
                List<CaseRecord> all = store.all(site);
                cases.keySet().retainAll(all.stream().map(CaseRecord::ticketId).toList());
                all.forEach(r -> cases.put(r.ticketId(), r));
                readUpTo = now;
                checkedAt = now;
                return;
            }
            if (Duration.between(checkedAt, now).compareTo(refreshEvery) < 0) {
                return;
            }
            for (CaseStore.Change change : store.changedSince(site, readUpTo.minus(OVERLAP))) {
                if (change.record() == null) {
                    cases.remove(change.ticketId());
                } else {
                    cases.put(change.ticketId(), change.record());
                }
            }
            readUpTo = now;
            checkedAt = now;
        }
    }
}
