package dev.threadline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** infra/template.yaml, read once as plain YAML (it uses long-form intrinsics only), for the template tests and the local stack's. */
public final class InfraTemplate {

    public static final Path ROOT = repositoryRoot();
    public static final JsonNode TEMPLATE = read();
    public static final JsonNode RESOURCES = TEMPLATE.path("Resources");

    private InfraTemplate() {}

    private static JsonNode read() {
        try {
            JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("infra/template.yaml").toFile());
            if (!template.path("Resources").isObject()) {
                throw new IllegalStateException("infra/template.yaml has no Resources");
            }
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A function's environment after SAM's Globals merge (maps merge, the function's own values win). */
    static Map<String, JsonNode> environment(JsonNode function) {
        Map<String, JsonNode> env = new TreeMap<>();
        TEMPLATE.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
        function.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
        return env;
    }

    /** Each AWS::Serverless::Function's Properties, by logical id. */
    static Map<String, JsonNode> functions() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        RESOURCES.fields().forEachRemaining(r -> {
            if ("AWS::Serverless::Function".equals(r.getValue().path("Type").asText())) {
                out.put(r.getKey(), r.getValue().path("Properties"));
            }
        });
        return out;
    }

    /** The module whose shaded jar CodeUri names: ../ticket-fn/target/... -> ticket-fn. */
    static String module(JsonNode function) {
        String codeUri = function.path("CodeUri").asText();
        assertThat(codeUri).startsWith("../");
        return codeUri.substring(3, codeUri.indexOf('/', 3));
    }

    /** Surefire runs in the module directory; the repository root is the first parent holding the template. */
    private static Path repositoryRoot() {
        Predicate<Path> isRoot = p -> Files.exists(p.resolve("infra/template.yaml")) && Files.exists(p.resolve("pom.xml"));
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot.test(p)) {
                return p;
            }
        }
        throw new UncheckedIOException(new IOException("infra/template.yaml not found above " + Path.of("").toAbsolutePath()));
    }
}
