package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.emulators.erpnext.Meta.DocType;
import dev.threadline.emulators.erpnext.Meta.Field;
import java.nio.file.Path;
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
    /** Password field values, apart from the documents as Frappe's {@code __Auth} table keeps them. */
    private final Map<String, String> passwords = new HashMap<>();
    private final Clock clock;
    private final ZoneId zone;
    private LocalDateTime lastTimestamp = LocalDateTime.MIN;
    /** Where the site is kept across restarts (written before a write request is answered); null: memory only. */
    private Path file;
    private boolean changed;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> atEnd = new ArrayList<>();
    private final FileStore files = new FileStore();

    Site(List<DocType> standard, Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        for (DocType d : standard) {
            doctypes.put(d.name(), d);
            tables.put(d.name(), new LinkedHashMap<>());
        }
    }

    /**
     * Runs {@code work} as one transaction; a kept site is on disk when it returns. Nested calls join
     * the outer transaction. When the outermost one ends, the {@link #afterCommit} actions run if it
     * returned normally and are dropped if it threw, as {@code frappe.db.after_commit} (erpnext.md §10.2).
     */
    <T> T transaction(Supplier<T> work) {
        lock.lock();
        boolean committed = false;
        try {
            T result = work.get();
            committed = true;
            return result;
        } finally {
            try {
                if (lock.getHoldCount() == 1) {
                    if (changed && file != null) {
                        save();
                    }
                    changed = false;
                    endTransaction(committed);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs {@code action} once the current transaction has committed; never if it rolls back. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs {@code action} when the current transaction ends, committed or not. */
    void atEnd(Runnable action) {
        atEnd.add(action);
    }

    private void endTransaction(boolean committed) {
        List<Runnable> commitActions = List.copyOf(afterCommit);
        List<Runnable> endActions = List.copyOf(atEnd);
        afterCommit.clear();
        atEnd.clear();
        endActions.forEach(Runnable::run);
        if (committed) {
            commitActions.forEach(Runnable::run);
        }
    }

    /** From now on, keeps the site in {@code file}: each transaction that wrote replaces it atomically. */
    void keepIn(Path file) {
        this.file = file;
        files.keepIn(file.resolveSibling(file.getFileName() + ".files"));
        transaction(() -> {
            changed = true;
        });
    }

    /** Loads what {@link #keepIn} wrote: the documents, passwords, naming-series counters and the last timestamp. */
    void load(Path from) {
        lastTimestamp = SiteFile.read(from, tables, seriesCounters, passwords);
    }

    private void save() {
        SiteFile.write(file, tables, seriesCounters, passwords, lastTimestamp);
    }

    void transaction(Runnable work) {
        transaction(() -> {
            work.run();
            return null;
        });
    }

    /** Uploaded files' contents by {@code file_url}. */
    FileStore files() {
        return files;
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

    void setPassword(String doctype, String name, String field, String value) {
        passwords.put(doctype + "/" + name + "/" + field, value);
        changed = true;
    }

    Optional<String> password(String doctype, String name, String field) {
        return Optional.ofNullable(passwords.get(doctype + "/" + name + "/" + field));
    }

    Optional<ObjectNode> find(String doctype, String name) {
        Map<String, ObjectNode> table = tables.get(doctype);
        return Optional.ofNullable(table == null ? null : table.get(name));
    }

    /** 404 {@code {Doctype} {name} not found}, as {@code load_from_db} reports it (erpnext.md §3.2). */
    ObjectNode get(String doctype, String name) {
        return find(doctype, name).orElseThrow(() -> FrappeException.notFound(doctype + " " + name + " not found"));
    }

    /**
     * The name a naming series such as {@code ISS-.YYYY.-.#####} or {@code HOOK-.####} would give
     * next, e.g. {@code ISS-2025-00042}, without consuming it.
     */
    String peekSeriesName(String series, LocalDate today) {
        String prefix = seriesPrefix(series, today);
        int digits = series.length() - series.replace("#", "").length();
        return prefix + String.format("%0" + digits + "d", seriesCounters.getOrDefault(prefix, 0) + 1);
    }

    /** Consumes the name {@link #peekSeriesName} returned; only on a successful insert (erpnext.md §5.1, rollback). */
    void consumeSeriesName(String series, LocalDate today) {
        seriesCounters.merge(seriesPrefix(series, today), 1, Integer::sum);
        changed = true;
    }

    /** The series up to its counter, with {@code YYYY} replaced: the key its counter is kept under. */
    private static String seriesPrefix(String series, LocalDate today) {
        StringBuilder prefix = new StringBuilder();
        for (String part : series.split("\\.")) {
            if (!part.startsWith("#")) {
                prefix.append(part.equals("YYYY") ? Integer.toString(today.getYear()) : part);
            }
        }
        return prefix.toString();
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
