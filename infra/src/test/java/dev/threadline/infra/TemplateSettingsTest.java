package dev.threadline.infra;

import static dev.threadline.infra.InfraTemplate.functions;
import static dev.threadline.infra.InfraTemplate.module;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.adapter.dynamodb.DynamoDbConfig;
import dev.threadline.adapter.dynamodb.ThreadlineTable;
import dev.threadline.adapter.judge.CascadeJudge;
import dev.threadline.adapter.transcribe.TranscribeConfig;
import dev.threadline.adapter.whatsapp.MediaConfig;
import dev.threadline.adapter.whatsapp.WhatsAppSendConfig;
import dev.threadline.application.ReplyPolicy;
import dev.threadline.application.FloodLimits;
import dev.threadline.application.TicketPolicy;
import dev.threadline.config.SweepFactory;
import dev.threadline.config.TicketPolicyFactory;
import dev.threadline.embedded.QueueTimings;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The settings contract between infra/template.yaml and the code: every variable a function reads is set
 * by the template or is listed here as optional with its reason, every variable the template sets is read,
 * and each template parameter's default is the code's default (the code holds it; the template repeats it
 * as the deploy choice).
 */
class TemplateSettingsTest {

    private static final String CREDENTIAL = "a credential: in the secret on Lambda, an environment variable locally";
    /** Read by the JVM and by the judge's native-library loader, not by Threadline's properties. */
    private static final Set<String> READ_OUTSIDE_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS", "DJL_CACHE_DIR");
    /**
     * The one list of settings a function reads that the template does not set, each with its reason;
     * their defaults are in the code. Credentials are here because on Lambda they come from the secret
     * (SECRETS_ARN), never from the environment.
     */
    private static final Map<String, String> OPTIONAL_SETTINGS = Map.ofEntries(
            Map.entry("SECRETS_REFRESH", "how long credentials are cached (SecretValues.DEFAULT_REFRESH)"),
            Map.entry("WHATSAPP_APP_SECRET", CREDENTIAL),
            Map.entry("WHATSAPP_VERIFY_TOKEN", CREDENTIAL),
            Map.entry("ERPNEXT_API_KEY", CREDENTIAL),
            Map.entry("ERPNEXT_API_SECRET", CREDENTIAL),
            Map.entry("LLM_API_KEY", CREDENTIAL),
            Map.entry("MATTERMOST_WEBHOOK_URL", CREDENTIAL),
            Map.entry("WHATSAPP_ACCESS_TOKEN", CREDENTIAL),
            Map.entry("FRAPPE_WEBHOOK_SECRET", CREDENTIAL),
            Map.entry("WHATSAPP_GRAPH_URL", "Meta's Graph API by default (WhatsAppSendConfig); tests and the local stack point it at the emulator"),
            Map.entry("THREADLINE_PUBLIC_URL", "read only by ./threadline setup-erpnext, which writes it into ERPNext's Webhooks"));
    /** Settings the template must set for ticket-fn although their code defaults would start it. */
    private static final Set<String> TICKET_DEPLOY_CHOICES = Set.of("WHATSAPP_TEMPLATE_NAME", "WHATSAPP_TEMPLATE_LANGUAGE",
            "WHATSAPP_TEMPLATE_PARAMS", "HELPDESK_EVENTS", "REPLY_MARKER");
    /**
     * Each code default by the variable it is the default of. A template parameter feeding that variable
     * must default to the same value: the code holds the default, the template repeats it as the deploy choice.
     */
    private static final Map<String, String> CODE_DEFAULTS = Map.ofEntries(
            Map.entry("SESSION_TIMEOUT", TicketPolicyFactory.DEFAULT_SESSION_TIMEOUT.toString()),
            Map.entry("LLM_MIN_CONFIDENCE", Double.toString(TicketPolicyFactory.DEFAULT_MIN_CONFIDENCE)),
            Map.entry("MERGE_BURSTS", Boolean.toString(TicketPolicyFactory.DEFAULT_MERGE_BURSTS)),
            Map.entry("MAX_RECEIVES", Integer.toString(TicketPolicy.DEFAULT_MAX_RECEIVES)),
            Map.entry("NEW_TICKETS_PER_DAY", Integer.toString(FloodLimits.DEFAULT.newTicketsPerDay())),
            Map.entry("MESSAGES_PER_MINUTE", Integer.toString(FloodLimits.DEFAULT.messagesPerMinute())),
            Map.entry("HELPDESK_EVENTS", TicketPolicyFactory.DEFAULT_HELPDESK_EVENTS),
            Map.entry("REPLY_MARKER", ReplyPolicy.DEFAULT_MARKER),
            Map.entry("DEDUP_TTL", DynamoDbConfig.DEFAULT_DEDUP_TTL.toString()),
            Map.entry("JUDGE_INPUT_TTL", DynamoDbConfig.DEFAULT_JUDGE_INPUT_TTL.toString()),
            Map.entry("JUDGE_LLM_BELOW", Double.toString(CascadeJudge.DEFAULT_LLM_BELOW)),
            Map.entry("SWEEP_MAX_SESSIONS", Integer.toString(SweepFactory.DEFAULT_SWEEP_MAX_SESSIONS)),
            Map.entry("WHATSAPP_TEMPLATE_LANGUAGE", WhatsAppSendConfig.DEFAULT_TEMPLATE_LANGUAGE),
            Map.entry("WHATSAPP_TEMPLATE_PARAMS", ""),
            Map.entry("MEDIA_MAX_BYTES", Integer.toString(MediaConfig.DEFAULT_MAX_BYTES)),
            Map.entry("TRANSCRIBE_MODEL", TranscribeConfig.DEFAULT_MODEL));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-?[^}]*)?}");

    private static final Path root = InfraTemplate.ROOT;
    private static final JsonNode template = InfraTemplate.TEMPLATE;
    private static final JsonNode resources = InfraTemplate.RESOURCES;

    @Test
    void everySettingAFunctionReads_isInItsEnvironment_andEveryVariableIsRead() throws IOException {
        Set<String> logbackReads = placeholders(root.resolve("core/src/main/resources/logback.xml"));
        for (var fn : functions().entrySet()) {
            Map<String, JsonNode> environment = InfraTemplate.environment(fn.getValue());
            Path properties = root.resolve(module(fn.getValue()) + "/src/main/resources/application.properties");
            Set<String> reads = new TreeSet<>(logbackReads);
            if (Files.exists(properties)) {
                reads.addAll(placeholders(properties));
            }
            Set<String> missing = new TreeSet<>(reads);
            missing.removeAll(environment.keySet());
            missing.removeAll(OPTIONAL_SETTINGS.keySet());
            assertThat(missing).as("%s: settings its code reads that the template does not set", fn.getKey()).isEmpty();

            if (Files.exists(properties)) { // a module without application.properties reads no settings yet
                Set<String> unread = new TreeSet<>(environment.keySet());
                unread.removeAll(reads);
                unread.removeAll(READ_OUTSIDE_PROPERTIES);
                assertThat(unread).as("%s: variables the template sets that nothing reads (typo?)", fn.getKey()).isEmpty();
            }
        }
    }

    @Test
    void ticketFunction_setsEveryDeployChoice_andOptionalSettingsAreReadBySomeFunction() throws IOException {
        assertThat(InfraTemplate.environment(resources.path("TicketFunction").path("Properties")).keySet())
                .as("ticket-fn's deploy choices are template parameters").containsAll(TICKET_DEPLOY_CHOICES);
        Set<String> read = new TreeSet<>();
        for (String module : List.of("intake-fn", "ticket-fn", "sweeper-fn")) {
            read.addAll(placeholders(root.resolve(module + "/src/main/resources/application.properties")));
        }
        assertThat(read).as("every optional setting is one a function reads (no stale entry)").containsAll(OPTIONAL_SETTINGS.keySet());
        assertThat(read).as("every code default belongs to a variable a function reads").containsAll(CODE_DEFAULTS.keySet());
    }

    @Test
    void everyTemplateParameterDefault_equalsTheCodeDefault_ofTheVariableItFeeds() {
        Set<String> compared = new TreeSet<>();
        for (var fn : functions().entrySet()) {
            InfraTemplate.environment(fn.getValue()).forEach((variable, value) -> {
                JsonNode parameter = template.path("Parameters").path(value.path("Ref").asText());
                if (!CODE_DEFAULTS.containsKey(variable) || !parameter.has("Default")) {
                    return;
                }
                compared.add(variable);
                assertThat(sameSetting(parameter.path("Default").asText(), CODE_DEFAULTS.get(variable)))
                        .as("%s: the template's default %s for %s equals the code's %s", fn.getKey(),
                                parameter.path("Default").asText(), variable, CODE_DEFAULTS.get(variable))
                        .isTrue();
            });
        }
        assertThat(compared).as("the defaults both sides have").contains("SESSION_TIMEOUT", "LLM_MIN_CONFIDENCE",
                "MERGE_BURSTS", "MAX_RECEIVES", "NEW_TICKETS_PER_DAY", "MESSAGES_PER_MINUTE", "DEDUP_TTL", "JUDGE_INPUT_TTL", "JUDGE_LLM_BELOW", "SWEEP_MAX_SESSIONS");
    }

    /** The same value as a duration, a number or text ("0.60" is 0.6, "PT1440M" is PT24H). */
    private static boolean sameSetting(String template, String code) {
        try {
            return Duration.parse(template).equals(Duration.parse(code));
        } catch (DateTimeParseException notADuration) {
            try {
                return Double.parseDouble(template) == Double.parseDouble(code);
            } catch (NumberFormatException notANumber) {
                return template.strip().equalsIgnoreCase(code.strip());
            }
        }
    }

    @Test
    void samconfig_overridesOnlyDeclaredParameters_withAllowedValues() throws IOException {
        String samconfig = Files.readString(root.resolve("samconfig.toml"));
        Matcher overrides = Pattern.compile("(?m)^parameter_overrides = \"(.*)\"$").matcher(samconfig);
        int environments = 0;
        while (overrides.find()) {
            environments++;
            Matcher pair = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(overrides.group(1).replace("\\\"", "\""));
            while (pair.find()) {
                String name = pair.group(1);
                JsonNode parameter = template.path("Parameters").path(name);
                assertThat(parameter.isObject()).as("samconfig overrides %s, a parameter of the template", name).isTrue();
                if (parameter.has("AllowedValues")) {
                    List<String> allowed = StreamSupport.stream(parameter.path("AllowedValues").spliterator(), false)
                            .map(JsonNode::asText).toList();
                    assertThat(allowed).as("allowed values of %s", name).contains(pair.group(2));
                }
            }
        }
        assertThat(environments).as("default and prod environments").isEqualTo(2);
        assertThat(samconfig).doesNotContain("[default.build.parameters]"); // prebuilt jars, no `sam build`
        assertThat(Pattern.compile("(?m)^template_file = \"infra/template.yaml\"$").matcher(samconfig).results().count())
                .isGreaterThanOrEqualTo(2);
    }

    private static Set<String> placeholders(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
