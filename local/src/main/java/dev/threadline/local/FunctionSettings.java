package dev.threadline.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings the three Lambda functions read, resolved against the same environment variables they
 * read: each function's own application.properties ({@code threadline.merge-bursts=${MERGE_BURSTS:}}),
 * so the local stack understands exactly the names README's configuration table and the template use. An
 * unset variable resolves to blank, which the code reads as its default (config/Settings), as on Lambda.
 */
final class FunctionSettings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    /** Per function, not shared: the local stack sets its own. */
    private static final Set<String> OWN = Set.of("micronaut.application.name", "threadline.function");

    private FunctionSettings() {}

    /** Every {@code threadline.*} setting of intake-fn, ticket-fn and sweeper-fn, resolved against {@code env}. */
    static Map<String, String> resolve(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        try {
            for (URL url : Collections.list(FunctionSettings.class.getClassLoader().getResources("application.properties"))) {
                Properties file = new Properties();
                try (InputStream in = url.openStream()) {
                    file.load(in);
                }
                if (!file.containsKey("threadline.function")) {
                    continue; // not one of the functions' files
                }
                for (String key : file.stringPropertyNames()) {
                    if (!OWN.contains(key)) {
                        settings.put(key, substitute(file.getProperty(key), env));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the functions' application.properties", e);
        }
        return settings;
    }

    private static String substitute(String value, Map<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String set = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(set != null ? set : m.group(2) == null ? "" : m.group(2)));
        }
        return m.appendTail(out).toString();
    }
}
