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
import dev.threadline.adapter.whatsapp.WhatsAppSendConfig;
import dev.threadline.application.ReplyPolicy;
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
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks infra/template.yaml against the code it deploys, so that the two cannot drift apart:
 * handler classes, environment variables, queue and table layout, IAM scope. Metric names are
 * checked by {@link DashboardMetricsTest}.
 *
 * <p>The template uses long-form intrinsics only ({@code Ref:}, {@code Fn::GetAtt:}), so it is plain
 * YAML that Jackson reads without a CloudFormation schema. The offline schema validation of the same
 * file is infra/validate (run by {@code ./threadline test} before Maven).
 */
class InfraTemplateTest {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?!SECRETS_ARN$).*(SECRET|KEY|TOKEN|PASSWORD).*|MATTERMOST_WEBHOOK_URL");

    private static final Path root = InfraTemplate.ROOT;
    private static final JsonNode template = InfraTemplate.TEMPLATE;
    private static final JsonNode resources = InfraTemplate.RESOURCES;

    @Test
    void everyFunctionHandler_isALambdaHandlerOnTheClasspath_andInItsJar() throws Exception {
        Map<String, JsonNode> functions = functions();
        assertThat(functions).containsOnlyKeys("IntakeFunction", "TicketFunction", "SweeperFunction");
        for (var fn : functions.entrySet()) {
            String handler = fn.getValue().path("Handler").asText();
            Class<?> type = Class.forName(handler, false, getClass().getClassLoader());
            assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                    .as("%s handler %s implements RequestHandler or RequestStreamHandler", fn.getKey(), handler)
                    .isTrue();
            String module = module(fn.getValue());
            if (handler.startsWith("dev.threadline.")) {
                assertThat(root.resolve(module + "/src/main/java/" + handler.replace('.', '/') + ".java"))
                        .as("%s's handler is built from the module its CodeUri jar comes from", fn.getKey())
                        .exists();
            }
            Path jar = root.resolve("infra").resolve(fn.getValue().path("CodeUri").asText()).normalize();
            if (Files.exists(jar)) { // built by `package`, which `verify` runs before these tests
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    assertThat(zip.getEntry(handler.replace('.', '/') + ".class"))
                            .as("%s contains the handler %s", jar.getFileName(), handler).isNotNull();
                }
            }
        }
    }

    @Test
    void codeUri_pointsAtEachModulesShadedLambdaJar_withoutTheVersion() throws IOException {
        String version = projectVersion();
        assertThat(Files.readString(root.resolve("pom.xml")))
                .as("the root pom names the shaded jar without the version")
                .contains("<outputFile>${project.build.directory}/${project.artifactId}-lambda.jar</outputFile>");
        for (var fn : functions().entrySet()) {
            String module = module(fn.getValue());
            assertThat(fn.getValue().path("CodeUri").asText())
                    .as("%s CodeUri (relative to infra/)", fn.getKey())
                    .isEqualTo("../" + module + "/target/" + module + "-lambda.jar")
                    .doesNotContain(version);
            assertThat(Files.readString(root.resolve(module + "/pom.xml")))
                    .as("%s/pom.xml builds the shaded jar", module)
                    .contains("<artifactId>" + module + "</artifactId>", "maven-shade-plugin");
        }
    }

    @Test
    void secrets_areNeverInTheTemplate_onlyTheSecretsArn_andEachRoleMayReadThatSecretAlone() {
        JsonNode arn = template.path("Parameters").path("SecretArn");
        assertThat(arn.has("Default")).as("SecretArn has no default").isFalse();
        assertThat(arn.path("AllowedPattern").asText()).contains("secretsmanager");
        assertThat(InfraTemplate.TEMPLATE.toString()).doesNotContain("resolve:secretsmanager").doesNotContain("resolve:ssm-secure");
        for (var fn : functions().entrySet()) {
            Map<String, JsonNode> environment = InfraTemplate.environment(fn.getValue());
            environment.keySet().forEach(name -> assertThat(SECRET_NAME.matcher(name).matches())
                    .as("%s sets %s: credentials come from the secret at run time, never the environment", fn.getKey(), name)
                    .isFalse());
            assertThat(ref(environment.get("SECRETS_ARN"))).as("%s gets the secret's ARN", fn.getKey()).isEqualTo("SecretArn");
            String role = getAttTarget(fn.getValue().path("Role"), "Arn");
            List<JsonNode> reads = roleStatements(role).stream()
                    .filter(st -> texts(st.path("Action")).stream().anyMatch(a -> a.startsWith("secretsmanager:")))
                    .toList();
            assertThat(reads).as("%s's role has one Secrets Manager statement", fn.getKey()).hasSize(1);
            assertThat(texts(reads.get(0).path("Action"))).containsExactly("secretsmanager:GetSecretValue");
            assertThat(ref(reads.get(0).path("Resource"))).as("on the one secret").isEqualTo("SecretArn");
        }
    }

    @Test
    void statefulResources_areRetained_whenTheStackIsDeletedOrAResourceReplaced() {
        Set<String> stateful = Set.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::Logs::LogGroup");
        List<String> checked = new ArrayList<>();
        resources.fields().forEachRemaining(r -> {
            if (stateful.contains(r.getValue().path("Type").asText())) {
                checked.add(r.getKey());
                assertThat(r.getValue().path("DeletionPolicy").asText()).as("%s DeletionPolicy", r.getKey()).isEqualTo("Retain");
                assertThat(r.getValue().path("UpdateReplacePolicy").asText()).as("%s UpdateReplacePolicy", r.getKey()).isEqualTo("Retain");
            }
        });
        assertThat(checked).contains("Table", "JobsQueue", "DeadLetterQueue", "IntakeLogGroup", "TicketLogGroup",
                "SweeperLogGroup", "WebhookAccessLogGroup");
    }

    @Test
    void everyAlarm_notifiesTheStacksAlarmTopic_withAnOptionalEmailSubscription() {
        assertThat(properties("AlarmTopic", "AWS::SNS::Topic").isObject()).isTrue();
        int alarms = 0;
        for (var r : (Iterable<Map.Entry<String, JsonNode>>) resources::fields) {
            if ("AWS::CloudWatch::Alarm".equals(r.getValue().path("Type").asText())) {
                alarms++;
                JsonNode actions = r.getValue().path("Properties").path("AlarmActions");
                assertThat(list(actions)).as("%s AlarmActions", r.getKey()).hasSize(1);
                assertThat(ref(actions.path(0))).as("%s notifies the alarm topic", r.getKey()).isEqualTo("AlarmTopic");
                r.getValue().path("Properties").path("OKActions")
                        .forEach(ok -> assertThat(ref(ok)).as("%s OKActions", r.getKey()).isEqualTo("AlarmTopic"));
            }
        }
        assertThat(alarms).isGreaterThanOrEqualTo(10);
        JsonNode subscription = resources.path("AlarmEmailSubscription");
        assertThat(subscription.path("Condition").asText()).isEqualTo("HasAlarmEmail");
        assertThat(ref(subscription.path("Properties").path("Endpoint"))).isEqualTo("AlarmEmail");
        assertThat(template.path("Parameters").path("AlarmEmail").path("Default").asText("x")).as("no subscription by default").isEmpty();
    }

    @Test
    void nothingDeploysAgainstAPlaceholder_andTheSweepersConcurrencyIsUnreservedByDefault() throws IOException {
        assertThat(template.path("Parameters").path("ErpNextUrl").has("Default")).as("ErpNextUrl is required").isFalse();
        assertThat(Files.readString(root.resolve("samconfig.toml"))).doesNotContain("ErpNextUrl=").doesNotContain("example.com\"");
        JsonNode reserved = resources.path("SweeperFunction").path("Properties").path("ReservedConcurrentExecutions");
        assertThat(reserved.path("Fn::If").path(0).asText()).isEqualTo("ReservesSweeperConcurrency");
        assertThat(template.path("Parameters").path("SweeperReservedConcurrency").path("Default").asInt()).isEqualTo(-1);
    }

    @Test
    void intakeActsOnlyOnTheBusinessNumbersTheDeployNames_aRequiredListOfDigitsAndCommas() throws IOException {
        JsonNode ids = template.path("Parameters").path("WhatsAppPhoneNumberIds");
        assertThat(ids.has("Default")).as("WhatsAppPhoneNumberIds is required").isFalse();
        Pattern allowed = Pattern.compile(ids.path("AllowedPattern").asText());
        assertThat(allowed.matcher("109876543210987").matches()).isTrue();
        assertThat(allowed.matcher("109876543210987,109876543210988").matches()).isTrue();
        assertThat(allowed.matcher("").matches()).as("empty would accept every number").isFalse();
        assertThat(allowed.matcher("+4930123456789").matches()).as("a phone number is not a phone_number_id").isFalse();
        assertThat(ref(InfraTemplate.environment(resources.path("IntakeFunction").path("Properties")).get("WHATSAPP_PHONE_NUMBER_IDS")))
                .isEqualTo("WhatsAppPhoneNumberIds");
        assertThat(Files.readString(root.resolve("samconfig.toml"))).doesNotContain("WhatsAppPhoneNumberIds=");
    }

    @Test
    void jobsQueue_isFifoWithRedriveToAFifoDeadLetterQueue_sharedByIntakeAndTicket() {
        JsonNode ticket = resources.path("TicketFunction").path("Properties");
        JsonNode sqsEvent = sqsEvent(ticket);
        String jobs = getAttTarget(sqsEvent.path("Properties").path("Queue"), "Arn");
        JsonNode queue = properties(jobs, "AWS::SQS::Queue");
        assertThat(queue.path("FifoQueue").asBoolean()).as("%s is FIFO", jobs).isTrue();
        assertThat(queue.path("ContentBasedDeduplication").asBoolean(true))
                .as("%s dedups by the MessageDeduplicationId intake sets, not by body", jobs).isFalse();
        assertThat(queue.path("VisibilityTimeout").asInt())
                .as("visibility timeout is at least 6x ticket-fn's timeout (AWS guidance for SQS event sources)")
                .isGreaterThanOrEqualTo(6 * ticket.path("Timeout").asInt())
                .isEqualTo(QueueTimings.DEPLOYED.visibilityTimeout().toSeconds());

        String dlq = getAttTarget(queue.path("RedrivePolicy").path("deadLetterTargetArn"), "Arn");
        assertThat(properties(dlq, "AWS::SQS::Queue").path("FifoQueue").asBoolean()).as("%s is FIFO", dlq).isTrue();
        assertThat(ref(queue.path("RedrivePolicy").path("maxReceiveCount"))).isEqualTo("JobsMaxReceiveCount");
        assertThat(template.path("Parameters").path("JobsMaxReceiveCount").path("Default").asInt())
                .as("the local stack's maximum receives").isEqualTo(QueueTimings.DEPLOYED.maxReceiveCount());

        assertThat(ref(InfraTemplate.environment(resources.path("IntakeFunction").path("Properties")).get("QUEUE_URL")))
                .as("intake enqueues to the queue ticket-fn consumes").isEqualTo(jobs);
        assertThat(ref(InfraTemplate.environment(ticket).get("DLQ_URL")))
                .as("ticket-fn dead-letters into the redrive target").isEqualTo(dlq);
    }

    @Test
    void ticketFnsClaimLease_isTheOneTheLocalStackUses() {
        try (ApplicationContext ticketFn = ApplicationContext.run()) { // the template sets no lease: ticket-fn's default
            assertThat(ticketFn.getBean(TicketPolicy.class).pendingLease()).isEqualTo(QueueTimings.DEPLOYED.pendingLease());
        }
    }

    @Test
    void ticketFunctionSqsEvent_reportsBatchItemFailures() {
        JsonNode event = sqsEvent(resources.path("TicketFunction").path("Properties")).path("Properties");
        assertThat(texts(event.path("FunctionResponseTypes"))).contains("ReportBatchItemFailures");
        assertThat(event.path("BatchSize").asInt()).as("FIFO batches hold at most 10").isBetween(1, 10);
    }

    @Test
    void table_keysIndexAndTtl_matchThreadlineTable() {
        JsonNode table = properties("Table", "AWS::DynamoDB::Table");
        assertThat(keySchema(table.path("KeySchema")))
                .containsExactly(Map.entry(ThreadlineTable.PK, "HASH"), Map.entry(ThreadlineTable.SK, "RANGE"));

        Map<String, String> attributeTypes = new HashMap<>();
        table.path("AttributeDefinitions").forEach(a -> attributeTypes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        assertThat(attributeTypes).containsOnly(
                Map.entry(ThreadlineTable.PK, "S"), Map.entry(ThreadlineTable.SK, "S"),
                Map.entry(ThreadlineTable.SWEEP_SHARD, "S"), Map.entry(ThreadlineTable.LAST_ACTIVITY, "N"));

        List<JsonNode> indexes = list(table.path("GlobalSecondaryIndexes"));
        assertThat(indexes).hasSize(1);
        JsonNode sweep = indexes.get(0);
        assertThat(sweep.path("IndexName").asText()).isEqualTo(ThreadlineTable.SWEEP_INDEX);
        assertThat(keySchema(sweep.path("KeySchema")))
                .containsExactly(Map.entry(ThreadlineTable.SWEEP_SHARD, "HASH"), Map.entry(ThreadlineTable.LAST_ACTIVITY, "RANGE"));
        assertThat(sweep.path("Projection").path("ProjectionType").asText()).isEqualTo("KEYS_ONLY");

        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo(ThreadlineTable.EXPIRES_AT);
        assertThat(table.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");

        List<String> indexResources = statements()
                .filter(s -> texts(s.path("Action")).contains("dynamodb:Query"))
                .map(s -> s.path("Resource").path("Fn::Sub").asText())
                .filter(r -> r.contains("/index/"))
                .toList();
        assertThat(indexResources).as("the sweeper's Query permission names the sweep index")
                .containsExactly("${Table.Arn}/index/" + ThreadlineTable.SWEEP_INDEX);
    }

    @Test
    void iamPolicies_nameOnlyThisStacksResources_withoutWildcardsOrFullAccess() {
        for (var fn : functions().entrySet()) {
            JsonNode role = fn.getValue().path("Role");
            assertThat(resources.has(getAttTarget(role, "Arn")))
                    .as("%s runs with an explicit role of this stack (SAM's generated role would add managed policies with Resource '*')", fn.getKey())
                    .isTrue();
            assertThat(fn.getValue().has("Policies")).as("%s: permissions live in its role", fn.getKey()).isFalse();
        }
        List<JsonNode> statements = statements().toList();
        assertThat(statements).isNotEmpty();
        for (JsonNode statement : statements) {
            String sid = statement.path("Sid").asText("(no Sid)");
            assertThat(statement.has("NotAction") || statement.has("NotResource")).as("%s uses no NotAction/NotResource", sid).isFalse();
            assertThat(texts(statement.path("Action"))).as("%s actions", sid).isNotEmpty()
                    .allSatisfy(action -> assertThat(action).as("%s action", sid).matches("[a-z0-9-]+:[A-Za-z]+"));
            List<JsonNode> targets = statement.path("Resource").isArray() ? list(statement.path("Resource")) : List.of(statement.path("Resource"));
            for (JsonNode target : targets) {
                assertThat(target.isObject()).as("%s resource %s is a reference, not a literal", sid, target).isTrue();
                if (texts(statement.path("Action")).equals(List.of("secretsmanager:GetSecretValue"))) {
                    // The secret is created outside the stack (it must exist before the first deploy): its ARN parameter.
                    assertThat(ref(target)).as("%s reads only the SecretArn secret", sid).isEqualTo("SecretArn");
                    continue;
                }
                Set<String> names = referencedNames(target);
                assertThat(names).as("%s resource %s names a resource", sid, target).isNotEmpty();
                assertThat(names).as("%s resource %s names only this stack's resources", sid, target)
                        .allSatisfy(name -> assertThat(resources.has(name)).as("%s is a resource of this stack", name).isTrue());
            }
        }
        resources.fields().forEachRemaining(r -> r.getValue().path("Properties").path("ManagedPolicyArns").forEach(arn ->
                assertThat(arn.toString()).as("%s managed policy", r.getKey()).doesNotContainIgnoringCase("FullAccess")));
    }

    // --- template access ---------------------------------------------------------------------------------

    private static JsonNode properties(String logicalId, String type) {
        JsonNode resource = resources.path(logicalId);
        assertThat(resource.path("Type").asText()).as("%s is a %s", logicalId, type).isEqualTo(type);
        return resource.path("Properties");
    }

    private static JsonNode sqsEvent(JsonNode function) {
        List<JsonNode> events = new ArrayList<>();
        function.path("Events").forEach(e -> {
            if ("SQS".equals(e.path("Type").asText())) {
                events.add(e);
            }
        });
        assertThat(events).as("exactly one SQS event").hasSize(1);
        return events.get(0);
    }

    /** The inline policies' statements of one role. */
    private static List<JsonNode> roleStatements(String role) {
        List<JsonNode> out = new ArrayList<>();
        properties(role, "AWS::IAM::Role").path("Policies").forEach(p -> out.addAll(list(p.path("PolicyDocument").path("Statement"))));
        return out;
    }

    /** Every IAM statement of every role, inline policy, managed policy and SAM function policy. */
    private static Stream<JsonNode> statements() {
        List<JsonNode> out = new ArrayList<>();
        resources.fields().forEachRemaining(r -> {
            JsonNode props = r.getValue().path("Properties");
            switch (r.getValue().path("Type").asText()) {
                case "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group" ->
                        props.path("Policies").forEach(p -> out.addAll(list(p.path("PolicyDocument").path("Statement"))));
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> out.addAll(list(props.path("PolicyDocument").path("Statement")));
                case "AWS::Serverless::Function" -> props.path("Policies").forEach(p -> out.addAll(list(p.path("Statement"))));
                default -> { }
            }
        });
        return out.stream();
    }

    /** Logical ids an intrinsic refers to (Ref, Fn::GetAtt, ${...} in Fn::Sub), pseudo parameters left out. */
    private static Set<String> referencedNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.has("Ref")) {
            names.add(node.path("Ref").asText());
        } else if (node.has("Fn::GetAtt")) {
            JsonNode args = node.path("Fn::GetAtt");
            names.add(args.isArray() ? args.path(0).asText() : args.asText().split("\\.")[0]);
        } else if (node.has("Fn::Sub")) {
            JsonNode args = node.path("Fn::Sub");
            Matcher m = SUB_VARIABLE.matcher(args.isArray() ? args.path(0).asText() : args.asText());
            while (m.find()) {
                names.add(m.group(1).split("\\.")[0]);
            }
        } else {
            node.forEach(child -> names.addAll(referencedNames(child)));
        }
        names.removeIf(n -> n.startsWith("AWS::"));
        return names;
    }

    private static String getAttTarget(JsonNode node, String attribute) {
        JsonNode args = node.path("Fn::GetAtt");
        assertThat(args.isArray()).as("%s is Fn::GetAtt [LogicalId, %s]", node, attribute).isTrue();
        assertThat(args.path(1).asText()).isEqualTo(attribute);
        return args.path(0).asText();
    }

    private static String ref(JsonNode node) {
        assertThat(node).as("a Ref").isNotNull();
        assertThat(node.has("Ref")).as("%s is a Ref", node).isTrue();
        return node.path("Ref").asText();
    }

    /** Threadline metric names used by the dashboard and the alarms, with where they are used. */
    private static Map<String, String> keySchema(JsonNode keySchema) {
        Map<String, String> keys = new LinkedHashMap<>();
        keySchema.forEach(k -> keys.put(k.path("AttributeName").asText(), k.path("KeyType").asText()));
        return keys;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else if (!node.isMissingNode()) {
            out.add(node);
        }
        return out;
    }

    private static List<String> texts(JsonNode node) {
        return list(node).stream().map(JsonNode::asText).toList();
    }

    // --- repository access -------------------------------------------------------------------------------

    private static String projectVersion() throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>threadline</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("root pom declares the project version").isTrue();
        return m.group(1);
    }
}
