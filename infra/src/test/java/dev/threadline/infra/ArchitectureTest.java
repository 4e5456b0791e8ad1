package dev.threadline.infra;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules, over the production classes of every module that is deployed: core,
 * intake-fn, ticket-fn and sweeper-fn. They are all on this module's test classpath, and nothing
 * else under {@code dev.threadline} is except {@code embedded} (tests and the local runner only),
 * which is left out.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .withImportOption(location -> !location.contains("/dev/threadline/embedded/"))
            .importPackages("dev.threadline");

    /** A function's entry point, which alone may see Lambda's event types. */
    private static final DescribedPredicate<JavaClass> HANDLER = DescribedPredicate.describe(
            "a function's handler (*Handler, or intake's WhatsAppWebhookController)", c -> {
                String owner = ownerName(c);
                return owner.endsWith("Handler") || owner.equals("WhatsAppWebhookController");
            });

    @Test
    void theRulesSeeEveryDeployedModule_andNothingElse() {
        Set<String> packages = PRODUCTION.stream() // dev.threadline.<top>
                .map(c -> String.join(".", List.of(c.getPackageName().split("\\.")).subList(0, 3)))
                .collect(Collectors.toSet());
        assertThat(packages).containsExactlyInAnyOrder("dev.threadline.domain", "dev.threadline.application",
                "dev.threadline.adapter", "dev.threadline.config", "dev.threadline.intake", "dev.threadline.ticket",
                "dev.threadline.sweeper");
        assertThat(PRODUCTION.stream().map(JavaClass::getSimpleName))
                .contains("ThreadMessages", "ApplyJobs", "OfflineJudge", "WhatsAppWebhookController", "TicketHandler", "SweeperHandler")
                .doesNotContain("ArchitectureTest", "ThreadMessagesTest", "EmbeddedAws");
    }

    @Test
    void theDomainIsPlainJava() {
        noClasses().that().resideInAPackage("dev.threadline.domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.threadline.domain..", "java..")
                .because("the domain holds business values only, with no framework, SDK or JSON types")
                .check(PRODUCTION);
    }

    @Test
    void useCasesSeeNoAdapterTypes() {
        noClasses().that().resideInAPackage("dev.threadline.application..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.threadline.adapter..", "software.amazon..",
                        "com.fasterxml..", "io.micronaut.http..")
                .because("use cases talk to the outside only through ports; SDK, HTTP and JSON types live in adapters")
                .check(PRODUCTION);
    }

    @Test
    void noAdapterUsesAnotherAdapter() {
        slices().matching("dev.threadline.adapter.(*)..").should().notDependOnEachOther()
                .because("each adapter stands alone behind its port")
                .check(PRODUCTION);
    }

    // Violated today only by ticket-fn's TicketBatch (and its nested Job), which still reads SQSMessage.
    @Test
    void lambdaEventTypesAppearOnlyInTheFunctionsHandlers() {
        noClasses().that().resideInAnyPackage("dev.threadline.intake..", "dev.threadline.ticket..", "dev.threadline.sweeper..")
                .and(not(HANDLER))
                .should().dependOnClassesThat().resideInAPackage("com.amazonaws.services.lambda.runtime.events..")
                .because("a handler translates Lambda's event into plain values; everything behind it is testable without Lambda types")
                // Today the function modules hold nothing but their handlers, so the rule may match no class.
                .allowEmptyShould(true)
                .check(PRODUCTION);
    }

    @Test
    void onlyAdaptersTouchTheAwsSdk() {
        noClasses().that().resideOutsideOfPackage("dev.threadline.adapter..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .because("SDK clients and types live in the adapter that owns them (SnapStart priming included)")
                .check(PRODUCTION);
    }

    /** The class a nested or Micronaut-generated class belongs to: TicketHandler$1 and $TicketHandler$Definition are TicketHandler's. */
    private static String ownerName(JavaClass c) {
        String name = c.getName().substring(c.getPackageName().length() + 1);
        if (name.startsWith("$")) {
            name = name.substring(1);
        }
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }
}
