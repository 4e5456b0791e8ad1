package dev.threadline.emulators.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON file a kept site lives in across restarts, replaced atomically on every write. */
final class SiteFile {

    private SiteFile() {}

    /** Fills the maps from {@code from}; returns the last timestamp handed out. */
    static LocalDateTime read(Path from, Map<String, LinkedHashMap<String, ObjectNode>> tables,
                              Map<String, Integer> series, Map<String, String> passwords) {
        try {
            JsonNode saved = Reply.JSON.readTree(from.toFile());
            saved.path("tables").properties().forEach(t -> t.getValue().forEach(doc ->
                    tables.get(t.getKey()).put(doc.path("name").asText(), (ObjectNode) doc)));
            saved.path("series").properties().forEach(c -> series.put(c.getKey(), c.getValue().asInt()));
            saved.path("passwords").properties().forEach(p -> passwords.put(p.getKey(), p.getValue().asText()));
            return LocalDateTime.parse(saved.path("lastTimestamp").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the emulator's site from " + from, e);
        }
    }

    static void write(Path file, Map<String, LinkedHashMap<String, ObjectNode>> tables, Map<String, Integer> series,
                      Map<String, String> passwords, LocalDateTime lastTimestamp) {
        ObjectNode out = Reply.JSON.createObjectNode();
        ObjectNode tablesOut = out.putObject("tables");
        tables.forEach((doctype, rows) -> tablesOut.putArray(doctype).addAll(rows.values()));
        series.forEach(out.putObject("series")::put);
        passwords.forEach(out.putObject("passwords")::put);
        out.put("lastTimestamp", lastTimestamp.toString());
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Reply.JSON.writeValue(next.toFile(), out);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the emulator's site in " + file, e);
        }
    }
}
