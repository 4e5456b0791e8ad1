package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The site's database: one table per doctype (insertion-ordered), the naming-series counters and
 * the site clock. Every request runs as one transaction under a single lock, and validates before
 * it writes, so a failed request changes nothing (Frappe rolls back; erpnext.md §5.1).
 */
final class Site {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, DocType> doctypes = new LinkedHashMap<>();
    private final Map<String, LinkedHashMap<String, ObjectNode>> tables = new HashMap<>();
    private final Map<String, List<Field>> customFields = new HashMap<>();
    private final Map<String, Integer> seriesCounters = new HashMap<>();
    private final Clock clock;
    private final ZoneId zone;
    private LocalDateTime lastTimestamp = LocalDateTime.MIN;
    /** Where the site is kept across restarts (written before a write request is answered); null: memory only. */
    private Path file;
    private boolean changed;

    Site(List<DocType> standard, Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        for (DocType d : standard) {
            doctypes.put(d.name(), d);
            tables.put(d.name(), new LinkedHashMap<>());
        }
    }

    /** Runs {@code work} as one transaction; a kept site is on disk when it returns. */
    <T> T transaction(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            try {
                if (changed && file != null) {
                    save();
                }
            } finally {
                changed = false;
                lock.unlock();
            }
        }
    }

    /** From now on, keeps the site in {@code file}: each transaction that wrote replaces it atomically. */
    void keepIn(Path file) {
        this.file = file;
        transaction(() -> {
            changed = true;
        });
    }

    /** Loads what {@link #keepIn} wrote: the documents, the naming-series counters and the last timestamp. */
    void load(Path from) {
        try {
            JsonNode saved = Reply.JSON.readTree(from.toFile());
            saved.path("tables").fields().forEachRemaining(t -> t.getValue().forEach(doc ->
                    tables.get(t.getKey()).put(doc.path("name").asText(), (ObjectNode) doc)));
            saved.path("series").fields().forEachRemaining(c -> seriesCounters.put(c.getKey(), c.getValue().asInt()));
            lastTimestamp = LocalDateTime.parse(saved.path("lastTimestamp").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator's site from " + from, e);
        }
    }

    private void save() {
        ObjectNode out = Reply.JSON.createObjectNode();
        ObjectNode tablesOut = out.putObject("tables");
        tables.forEach((doctype, rows) -> tablesOut.putArray(doctype).addAll(rows.values()));
        seriesCounters.forEach(out.putObject("series")::put);
        out.put("lastTimestamp", lastTimestamp.toString());
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Reply.JSON.writeValue(next.toFile(), out);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the emulator's site in " + file, e);
        }
    }

    void transaction(Runnable work) {
        transaction(() -> {
            work.run();
            return null;
        });
    }

    boolean hasDoctype(String name) {
        return doctypes.containsKey(name);
    }

    /** The doctype with its custom fields; 404 {@code DocType X not found} if the site has none. */
    DocType meta(String doctype) {
        DocType base = doctypes.get(doctype);
        if (base == null) {
            throw FrappeException.notFound("DocType " + doctype + " not found");
        }
        return base.with(customFields.getOrDefault(doctype, List.of()));
    }

    void addCustomField(String doctype, Field field) {
        customFields.computeIfAbsent(doctype, d -> new ArrayList<>()).add(field);
    }

    void removeCustomField(String doctype, String fieldname) {
        List<Field> fields = customFields.get(doctype);
        if (fields != null) {
            fields.removeIf(f -> f.name().equals(fieldname));
        }
    }

    Map<String, ObjectNode> table(String doctype) {
        return tables.get(doctype);
    }

    void put(String doctype, String name, ObjectNode doc) {
        tables.get(doctype).put(name, doc);
        changed = true;
    }

    void remove(String doctype, String name) {
        tables.get(doctype).remove(name);
        changed = true;
    }

    Optional<ObjectNode> find(String doctype, String name) {
        Map<String, ObjectNode> table = tables.get(doctype);
        return Optional.ofNullable(table == null ? null : table.get(name));
    }

    /** 404 {@code {Doctype} {name} not found}, as {@code load_from_db} reports it (erpnext.md §3.2). */
    ObjectNode get(String doctype, String name) {
        return find(doctype, name).orElseThrow(() -> FrappeException.notFound(doctype + " " + name + " not found"));
    }

    /** The name the naming series would give next, e.g. {@code ISS-2025-00042}, without consuming it. */
    String peekSeriesName(String prefix, LocalDate today) {
        String key = prefix + today.getYear() + "-";
        return key + String.format("%05d", seriesCounters.getOrDefault(key, 0) + 1);
    }

    /** Consumes the name {@link #peekSeriesName} returned; only on a successful insert (erpnext.md §5.1, rollback). */
    void consumeSeriesName(String prefix, LocalDate today) {
        seriesCounters.merge(prefix + today.getYear() + "-", 1, Integer::sum);
        changed = true;
    }

    /**
     * A fresh {@code modified}/{@code creation} value: Python's {@code str(datetime)} in the site's
     * timezone, microseconds included unless zero, strictly increasing so that every save changes
     * {@code modified} (erpnext.md §11).
     */
    String nextTimestamp() {
        LocalDateTime now = LocalDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.MICROS);
        if (!now.isAfter(lastTimestamp)) {
            now = lastTimestamp.plus(1, ChronoUnit.MICROS);
        }
        lastTimestamp = now;
        return format(now);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    static String format(LocalDateTime t) {
        int micros = t.getNano() / 1000;
        return micros == 0 ? SECONDS.format(t) : SECONDS.format(t) + String.format(".%06d", micros);
    }
}
