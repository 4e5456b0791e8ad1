package dev.threadline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Comments cite the contract documents under {@code docs/contracts/} as {@code erpnext.md §9.2} (a
 * list may follow: {@code erpnext.md §3.3, §14.6}). Every cited number must be a heading of that
 * document, so a renumbered or deleted section breaks the build instead of leaving a dangling citation.
 */
class DocReferencesTest {

    private static final String SECTION = "\u00a7";
    private static final String NUMBER = SECTION + "(\\d+(?:\\.\\d+)*)";
    /** A document name and its list of section numbers, joined by ",", "/", "and" or "to". */
    private static final Pattern CITATION = Pattern.compile(
            "([a-z][a-z0-9-]*)\\.md (" + NUMBER + "(?:\\s*(?:,|/|and|to)\\s*" + NUMBER + ")*)");
    private static final Pattern ANY_NUMBER = Pattern.compile(NUMBER);
    /** The older spelling, a document name followed by the word "section" and a number: nothing checks it. */
    private static final Pattern WORDED = Pattern.compile("[a-z][a-z0-9-]*\\.md sections? \\d");
    private static final Pattern HEADING = Pattern.compile("^#{2,6}\\s+(\\d+(?:\\.\\d+)*)\\.?\\s", Pattern.MULTILINE);
    private static final Set<String> TEXT_FILES = Set.of("java", "md", "yaml", "yml", "mjs", "js", "xml",
            "properties", "toml", "sh", "json");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules");

    private final Path root = repositoryRoot();
    private final Path contracts = root.resolve("docs/contracts");

    @Test
    void everyCitedSectionIsAHeadingOfTheCitedDocument() {
        List<String> dangling = new ArrayList<>();
        List<Citation> citations = citations();
        for (Citation c : citations) {
            Path doc = contracts.resolve(c.document() + ".md");
            if (!Files.isRegularFile(doc)) {
                dangling.add(c + ": no such document in docs/contracts");
            } else if (!headings(doc).contains(c.section())) {
                dangling.add(c + ": no heading " + c.section());
            }
        }
        assertThat(citations).as("citations outside the contract documents; none means the pattern is broken")
                .anyMatch(c -> !c.file().startsWith("docs/contracts"));
        assertThat(dangling).as("dangling contract references").isEmpty();
    }

    @Test
    void everySectionNumberInASourceFileNamesItsDocument() {
        List<String> bare = new ArrayList<>();
        for (Path file : sourceFiles()) {
            if (file.toString().endsWith(".md")) {
                continue; // other Markdown files may number their own sections, as BENCHMARKS.md does
            }
            String text = read(file);
            Set<Integer> cited = citedPositions(text);
            Matcher m = ANY_NUMBER.matcher(text);
            while (m.find()) {
                if (!cited.contains(m.start())) {
                    bare.add(root.relativize(file) + ":" + line(text, m.start()) + " " + m.group());
                }
            }
            Matcher worded = WORDED.matcher(text);
            while (worded.find()) {
                bare.add(root.relativize(file) + ":" + line(text, worded.start()) + " " + worded.group());
            }
        }
        assertThat(bare).as("section numbers without a document name, e.g. 'erpnext.md " + SECTION + "9.2'").isEmpty();
    }

    private record Citation(Path file, int line, String document, String section) {
        @Override
        public String toString() {
            return file + ":" + line + " " + document + ".md " + SECTION + section;
        }
    }

    /** Citations in source files, plus a contract document's references to its own sections. */
    private List<Citation> citations() {
        List<Citation> found = new ArrayList<>();
        for (Path file : sourceFiles()) {
            String text = read(file);
            Path relative = root.relativize(file);
            Matcher m = CITATION.matcher(text);
            while (m.find()) {
                Matcher n = ANY_NUMBER.matcher(m.group(2));
                while (n.find()) {
                    found.add(new Citation(relative, line(text, m.start()), m.group(1), n.group(1)));
                }
            }
            if (file.getParent().equals(contracts)) {
                String self = file.getFileName().toString().replaceFirst("\\.md$", "");
                Set<Integer> cited = citedPositions(text);
                Matcher n = ANY_NUMBER.matcher(text);
                while (n.find()) {
                    if (!cited.contains(n.start())) {
                        found.add(new Citation(relative, line(text, n.start()), self, n.group(1)));
                    }
                }
            }
        }
        return found;
    }

    /** Offsets of the section numbers that belong to a citation naming its document. */
    private static Set<Integer> citedPositions(String text) {
        Set<Integer> positions = new HashSet<>();
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            Matcher n = ANY_NUMBER.matcher(m.group(2));
            while (n.find()) {
                positions.add(m.start(2) + n.start());
            }
        }
        return positions;
    }

    private static Set<String> headings(Path doc) {
        Set<String> numbers = new HashSet<>();
        Matcher m = HEADING.matcher(read(doc));
        while (m.find()) {
            numbers.add(m.group(1));
        }
        return numbers;
    }

    /** Text files of the repository, not descending into build output or hidden directories. */
    private List<Path> sourceFiles() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName().toString();
                    boolean skip = !dir.equals(root) && (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name));
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && TEXT_FILES.contains(extension(file))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The nearest directory upwards holding {@code docs/contracts}; tests run from the module directory. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/contracts"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/contracts above " + Path.of("").toAbsolutePath());
    }
}
