package dev.threadline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.adapter.dynamodb.DynamoDbCaseStore;
import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.adapter.index.InMemoryCaseIndex;
import dev.threadline.adapter.judge.CaseEmbeddings;
import dev.threadline.application.ExtractiveSummarizer;
import dev.threadline.application.LearnFromResolution;
import dev.threadline.application.SuggestCases;
import dev.threadline.application.port.CaseSummarizer;
import dev.threadline.application.port.TextEmbedder;
import dev.threadline.domain.CaseRecord;
import dev.threadline.embedded.EmbeddedAws;
import dev.threadline.embedded.Provisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Resolution learning, measured (BENCHMARKS.md, "Resolution learning").
 *
 * <p><b>Quality</b> on the labelled set {@code judge-eval/cases/retrieval.jsonl}: each solved ticket becomes
 * a case through the production path (the offline summary, the embedded text, the in-memory index loaded
 * from DynamoDB Local); each query is a new ticket's opening message. Recall@3: the share of queries whose
 * solved twin is among the suggested cases; false-suggestion rate: the share of unrelated queries that get
 * any suggestion. At the default settings, cosine alone, and a threshold sweep.
 *
 * <p><b>Scale</b>, for each size: that many synthetic cases (random unit vectors, 300-character summaries)
 * bulk-imported into DynamoDB Local; a fresh index's first search loads them (time; heap after a GC before
 * and after); then {@code --queries} retrievals as a new ticket runs them (embedding included) and as many
 * index-only searches, p50 and p99.
 *
 * <p>Options: {@code --set FILE} (default the file above), {@code --sizes 1000,10000,100000},
 * {@code --queries 200}.
 */
public final class CaseRetrieval {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIRECT_ABOVE = 20_000;

    public static void main(String[] args) throws Exception {
        Path set = Path.of("judge-eval/cases/retrieval.jsonl");
        List<Integer> sizes = List.of(1_000, 10_000, 100_000);
        int queries = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--set" -> set = Path.of(args[++i]);
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--out" -> i++; // figures go to the console and BENCHMARKS.md
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        TextEmbedder embedder = CaseEmbeddings.open("");
        try (EmbeddedAws aws = EmbeddedAws.start()) {
            Provisioner.Resources resources = Provisioner.provision(aws.endpoints(), "cases");
            DynamoDbCaseStore store = new DynamoDbCaseStore(aws.endpoints().dynamoDbClient(),
                    new DynamoDbConfig(resources.tableName(), Duration.ofDays(8), Duration.ofDays(30)), Clock.systemUTC());
            quality(set, embedder, store);
            for (int size : sizes) {
                scale(size, queries, embedder, store);
            }
        }
    }

    private static void quality(Path set, TextEmbedder embedder, DynamoDbCaseStore store) throws Exception {
        List<JsonNode> rows = Files.readAllLines(set).stream().filter(l -> !l.isBlank()).map(CaseRetrieval::read).toList();
        String site = "labelled";
        ExtractiveSummarizer summarizer = new ExtractiveSummarizer();
        Instant resolved = Instant.parse("2026-12-01T10:00:00Z");
        for (JsonNode c : rows.stream().filter(r -> r.path("kind").asText().equals("case")).toList()) {
            CaseSummarizer.Summary s = summarizer.summarize(new CaseSummarizer.Input(c.path("subject").asText(),
                    c.path("type").asText(), texts(c, "customer"), texts(c, "replies"), texts(c, "notes")));
            CaseRecord r = new CaseRecord(c.path("ticket").asText(), site, s.text(), s.tags(), c.path("type").asText(), resolved,
                    new float[0], embedder.model());
            store.put(r.withEmbedding(embedder.embed(LearnFromResolution.embeddable(r)), embedder.model()));
        }
        List<JsonNode> asked = rows.stream().filter(r -> r.path("kind").asText().equals("query")).toList();
        System.out.printf("labelled set: %d cases, %d queries with a solved twin, %d unrelated%n",
                rows.size() - asked.size(), asked.stream().filter(q -> !q.path("expect").isNull()).count(),
                asked.stream().filter(q -> q.path("expect").isNull()).count());
        System.out.println("setting                         recall@3  false-suggestion rate");
        SuggestCases.Settings d = SuggestCases.Settings.DEFAULT;
        report("default (hybrid 0.7/0.3, 0.40)", new SuggestCases.Settings(3, d.threshold(), d.lexicalWeight(), d.budget()),
                asked, embedder, store, site);
        report("cosine only, 0.40", new SuggestCases.Settings(3, 0.40, 0, d.budget()), asked, embedder, store, site);
        for (double t : new double[] {0.30, 0.35, 0.40, 0.45, 0.50, 0.60, 0.65}) {
            report(String.format("hybrid, threshold %.2f", t), new SuggestCases.Settings(3, t, d.lexicalWeight(), d.budget()),
                    asked, embedder, store, site);
        }
    }

    private static void report(String name, SuggestCases.Settings settings, List<JsonNode> asked, TextEmbedder embedder,
                               DynamoDbCaseStore store, String site) {
        SuggestCases suggest = new SuggestCases(new InMemoryCaseIndex(store, Clock.systemUTC(), Duration.ofSeconds(30),
                DynamoDbCaseStore.JOURNAL_TTL), embedder, null, null, Clock.systemUTC(), settings, site);
        int twins = 0;
        int found = 0;
        int unrelated = 0;
        int suggested = 0;
        for (JsonNode q : asked) {
            List<String> got = suggest.find(q.path("text").asText(), null).stream().map(m -> m.record().ticketId()).toList();
            if (q.path("expect").isNull()) {
                unrelated++;
                suggested += got.isEmpty() ? 0 : 1;
            } else {
                twins++;
                found += got.contains(q.path("expect").asText()) ? 1 : 0;
            }
        }
        System.out.printf("%-31s %5.2f (%d/%d)  %5.2f (%d/%d)%n", name, found / (double) twins, found, twins,
                suggested / (double) unrelated, suggested, unrelated);
    }

    private static void scale(int size, int queries, TextEmbedder embedder, DynamoDbCaseStore store) {
        String site = "synthetic-" + size;
        Random random = new Random(size);
        // DynamoDB Local pages a large partition slowly (a 100k-case load had not finished after 10 minutes), so
        // above DIRECT_ABOVE the index is filled by upserts: heap and search are measured, the load is not.
        boolean direct = size > DIRECT_ABOVE;
        InMemoryCaseIndex index = new InMemoryCaseIndex(store, Clock.systemUTC(), Duration.ofSeconds(30), DynamoDbCaseStore.JOURNAL_TTL);
        long importMs = -1;
        long before;
        long started;
        if (direct) {
            index.size(site); // the (empty) first load, so the upserts below are kept
            before = usedHeap();
            started = System.nanoTime();
            for (int i = 0; i < size; i++) {
                index.upsert(synthetic(site, i, random, embedder));
            }
        } else {
            List<CaseRecord> records = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                records.add(synthetic(site, i, random, embedder));
            }
            long importStarted = System.nanoTime();
            store.importAll(records);
            importMs = (System.nanoTime() - importStarted) / 1_000_000;
            records = null;
            before = usedHeap();
            started = System.nanoTime();
        }
        int loaded = index.size(site);
        long loadMs = (System.nanoTime() - started) / 1_000_000;
        long heapMb = (usedHeap() - before) / (1024 * 1024);
        SuggestCases suggest = new SuggestCases(index, embedder, null, null, Clock.systemUTC(), SuggestCases.Settings.DEFAULT, site);
        long[] full = new long[queries];
        long[] search = new long[queries];
        for (int i = 0; i < queries; i++) {
            String text = "vpn error " + i + " when I connect from the home office";
            long t0 = System.nanoTime();
            suggest.find(text, null);
            full[i] = System.nanoTime() - t0;
            float[] v = unit(random, 384);
            long t1 = System.nanoTime();
            index.nearest(site, v, 30);
            search[i] = System.nanoTime() - t1;
        }
        System.out.printf("%7d cases: import %6d ms, %s %6d ms, heap %5d MB; retrieval p50 %6.1f ms p99 %6.1f ms;"
                + " index search alone p50 %6.1f ms p99 %6.1f ms (load average %s)%n", loaded, importMs,
                direct ? "upserts (no DynamoDB)" : "load from DynamoDB Local", loadMs, heapMb,
                pct(full, 50), pct(full, 99), pct(search, 50), pct(search, 99), loadAverage());
    }

    private static CaseRecord synthetic(String site, int i, Random random, TextEmbedder embedder) {
        return new CaseRecord("ISS-" + i, site, summary(random), List.of("tag" + random.nextInt(50)), "Network",
                Instant.parse("2026-12-01T10:00:00Z"), unit(random, 384), embedder.model());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String summary(Random random) {
        String[] words = {"vpn", "certificate", "printer", "invoice", "password", "reset", "renewed", "restarted", "replaced",
                "outlook", "sync", "billing", "refund", "parcel", "tracking", "account", "locked", "update", "driver", "network"};
        StringBuilder s = new StringBuilder("Problem: ");
        while (s.length() < 140) {
            s.append(words[random.nextInt(words.length)]).append(' ');
        }
        s.append("\nFix: ");
        while (s.length() < 300) {
            s.append(words[random.nextInt(words.length)]).append(' ');
        }
        return s.toString().strip();
    }

    private static float[] unit(Random random, int dimension) {
        float[] v = new float[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dimension; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static List<String> texts(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        node.path(field).forEach(t -> out.add(t.asText()));
        return out;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + line, e);
        }
    }
}
