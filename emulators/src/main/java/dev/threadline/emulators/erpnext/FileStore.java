package dev.threadline.emulators.erpnext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The site's {@code public/files} and {@code private/files} folders (erpnext.md §17): file contents by
 * their {@code file_url}. In memory; with a kept site also in a folder beside the site's file, each file
 * written once when uploaded, so attachments survive a restart as the documents do.
 */
final class FileStore {

    private static final String PRIVATE = "private_";
    private static final String PUBLIC = "public_";

    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    private Path folder;

    /** Keeps files in {@code dir} from now on, after loading what it holds. */
    void keepIn(Path dir) {
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> !p.getFileName().toString().endsWith(".next")).toList()) {
                    String name = f.getFileName().toString();
                    String url = name.startsWith(PRIVATE) ? "/private/files/" + name.substring(PRIVATE.length())
                            : "/files/" + name.substring(PUBLIC.length());
                    contents.put(url, Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the emulator's files in " + dir, e);
        }
        this.folder = dir;
        contents.forEach(this::write);
    }

    boolean exists(String url) {
        return contents.containsKey(url);
    }

    void put(String url, byte[] bytes) {
        contents.put(url, bytes.clone());
        if (folder != null) {
            write(url, bytes);
        }
    }

    Optional<byte[]> get(String url) {
        return Optional.ofNullable(contents.get(url)).map(byte[]::clone);
    }

    private void write(String url, byte[] bytes) {
        String name = url.startsWith("/private/files/") ? PRIVATE + url.substring("/private/files/".length())
                : PUBLIC + url.substring("/files/".length());
        try {
            Path next = folder.resolve(name + ".next");
            Files.write(next, bytes);
            Files.move(next, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep an uploaded file in " + folder, e);
        }
    }
}
