package dev.threadline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Size of each function's shaded Lambda jar (what Lambda gets; the zipped deployment limit is 50 MB for
 * a direct upload, 250 MB unzipped), and of the bare cold-start floor's jar for comparison.
 */
public final class JarSizes {

    private JarSizes() {}

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv);
        Path repo = Path.of(args.text("repo", "."));
        args.requireAllUsed();
        Results results = new Results("jar-sizes");
        System.out.println(Stats.f("%-62s %10s  %9s  %12s  %7s", "jar", "bytes", "MB", "unzipped MB", "classes"));
        for (String fn : List.of("intake", "ticket", "sweeper", "bench-bare")) {
            Path jar = fn.equals("bench-bare")
                    ? repo.resolve("bench/target/threadline-bench-0.1.0-SNAPSHOT-bare-lambda.jar")
                    : repo.resolve(fn + "-fn/target/" + fn + "-fn-lambda.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./mvnw -B -Pbench -pl bench -am package -DskipTests");
            }
            long bytes = Files.size(jar);
            long unzipped = 0;
            long classes = 0;
            Map<String, Long> byPackage = new HashMap<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    unzipped += Math.max(0, entry.getSize());
                    classes += entry.getName().endsWith(".class") ? 1 : 0;
                    byPackage.merge(top(entry.getName()), Math.max(0, entry.getCompressedSize()), Long::sum);
                }
            }
            System.out.println(Stats.f("%-62s %10d  %9.1f  %12.1f  %7d", repo.relativize(jar), bytes, bytes / 1e6, unzipped / 1e6,
                    classes));
            System.out.println("    largest parts (compressed MB): " + byPackage.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .map(e -> Stats.f("%s %.1f", e.getKey(), e.getValue() / 1e6)).toList());
            results.put("jar." + fn + ".bytes", bytes).put("jar." + fn + ".mb", bytes / 1e6)
                    .put("jar." + fn + ".unzipped.mb", unzipped / 1e6).put("jar." + fn + ".classes", classes);
        }
        results.write(args.out());
    }

    /** The first three path segments of a jar entry: {@code software/amazon/awssdk}, {@code io/netty/handler}. */
    private static String top(String name) {
        String[] parts = name.split("/");
        return parts.length <= 1 ? "(root)" : String.join("/", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
    }
}
