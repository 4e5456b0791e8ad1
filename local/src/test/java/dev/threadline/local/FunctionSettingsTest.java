package dev.threadline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.application.TicketPolicy;
import dev.threadline.config.TicketPolicyFactory;
import dev.threadline.infra.InfraTemplate;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The local stack understands every variable name a Lambda function reads, with the same meaning. */
class FunctionSettingsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    @Test
    void everyVariableAFunctionReads_setsTheSameSettingLocally() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String module : new String[] {"intake-fn", "ticket-fn", "sweeper-fn"}) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(
                    InfraTemplate.ROOT.resolve(module + "/src/main/resources/application.properties")));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        assertThat(names).contains("MERGE_BURSTS", "DEDUP_TTL", "SWEEP_MAX_SESSIONS", "SESSION_TIMEOUT");
        for (String name : names) {
            assertThat(FunctionSettings.resolve(Map.of(name, "set-" + name))).as(name).containsValue("set-" + name);
        }
        assertThat(FunctionSettings.resolve(Map.of("MERGE_BURSTS", "false"))).containsEntry("threadline.merge-bursts", "false");
        // Unset is blank, as on Lambda: the defaults live in the code alone (config/Settings).
        assertThat(FunctionSettings.resolve(Map.of())).as("no default in the properties")
                .containsEntry("threadline.merge-bursts", "").containsEntry("threadline.session-timeout", "");
        Map<String, String> withDefaults = FunctionSettings.resolve(Map.of());
        withDefaults.put("threadline.function", "local");
        try (ApplicationContext context = ApplicationContext.run(new HashMap<String, Object>(withDefaults))) {
            TicketPolicy policy = context.getBean(TicketPolicy.class);
            assertThat(policy.mergeBursts()).as("the code's default").isTrue();
            assertThat(policy.sessionTimeout()).as("the code's default").isEqualTo(TicketPolicyFactory.DEFAULT_SESSION_TIMEOUT);
        }
    }
}
