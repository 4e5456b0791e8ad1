package dev.threadline.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium (Debian's {@code chromium} package) driven from its command line: the DOM after
 * the page has loaded, and a screenshot. Tests skip when it is not installed (.ci/run installs it).
 */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The first of the usual binaries on the PATH, if any. */
    static Optional<Chromium> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new Chromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** The page's DOM as serialised after load (scripts run, styles applied). */
    String dumpDom(String url) throws IOException, InterruptedException {
        Path out = Files.createTempFile("chromium-dom", ".html");
        run(List.of("--dump-dom", url), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of the page at the given window size. */
    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        // Paint everything before the capture; without it a late layer can come out blank.
        run(List.of("--hide-scrollbars", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000",
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url), null);
        if (!Files.exists(png) || Files.size(png) == 0) {
            throw new IOException("Chromium wrote no screenshot of " + url);
        }
    }

    private void run(List<String> args, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile"); // a fresh profile: concurrent runs never share one
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("Chromium did not finish within 120 s: " + args);
        }
        if (process.exitValue() != 0) {
            throw new IOException("Chromium exited with " + process.exitValue() + ": " + args);
        }
    }
}
