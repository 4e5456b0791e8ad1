package dev.threadline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: adapters know the use cases, never the other way round. */
@AnalyzeClasses(packages = "dev.threadline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses().that().resideInAPackage("dev.threadline.domain..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.threadline.domain..", "java..")
            .because("the domain holds business values only, with no framework, SDK or JSON types");

    @ArchTest
    static final ArchRule useCasesSeeNoAdapterTypes = noClasses().that().resideInAPackage("dev.threadline.application..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.threadline.adapter..", "software.amazon..",
                    "com.fasterxml..", "io.micronaut.http..")
            .because("use cases talk to the outside only through ports; SDK, HTTP and JSON types live in adapters");

    @ArchTest
    static final ArchRule adaptersDoNotCallEachOther = noClasses().that().resideInAPackage("dev.threadline.adapter.erpnext..")
            .or().resideInAPackage("dev.threadline.adapter.llm..")
            .or().resideInAPackage("dev.threadline.adapter.mattermost..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.threadline.adapter.dynamodb..", "dev.threadline.adapter.sqs..")
            .because("each adapter stands alone behind its port");
}
