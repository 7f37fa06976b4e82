package dev.kobjectingest.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the build keeps (docs/style.md 8 and 12). A failure names the class, the
 * dependency and the rule; the fix is to move the code to where the rule allows it (usually down,
 * into the package the caller needs), not to widen the rule.
 *
 * <p>Layers, from the bottom: {@code support} and {@code mapping} (pure); the contracts {@code
 * command}, {@code deadletter}, {@code metrics}; {@code config}; {@code kustomer} (the API client),
 * {@code topics}; {@code topology} and {@code sink}, which never know each other; and {@code app}
 * (the pipeline and its command line) on top. {@code backfill} is an operator tool the command line
 * calls.
 */
class ArchitectureTest {
  /** This module's own main classes: the product, not the jars its tests use. */
  static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target", "classes"));

  @Test
  void thePackagesFormLayersAndDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("app")
        .definedBy("dev.kobjectingest.app..")
        .layer("backfill")
        .definedBy("dev.kobjectingest.backfill..")
        .layer("sink")
        .definedBy("dev.kobjectingest.sink..")
        .layer("topology")
        .definedBy("dev.kobjectingest.topology..")
        .layer("topics")
        .definedBy("dev.kobjectingest.topics..")
        .layer("kustomer")
        .definedBy("dev.kobjectingest.kustomer..")
        .layer("config")
        .definedBy("dev.kobjectingest.config..")
        .layer("contracts")
        .definedBy(
            "dev.kobjectingest.command..",
            "dev.kobjectingest.deadletter..",
            "dev.kobjectingest.metrics..")
        .layer("mapping")
        .definedBy("dev.kobjectingest.mapping..")
        .layer("support")
        .definedBy("dev.kobjectingest.support..")
        .whereLayer("app")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("backfill")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("sink")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("topology")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("topics")
        .mayOnlyBeAccessedByLayers("topology", "app")
        .whereLayer("kustomer")
        .mayOnlyBeAccessedByLayers("sink", "app")
        .whereLayer("config")
        .mayOnlyBeAccessedByLayers("topics", "topology", "sink", "app")
        .whereLayer("contracts")
        .mayOnlyBeAccessedByLayers("kustomer", "topology", "sink", "app", "contracts")
        .whereLayer("mapping")
        .mayOnlyBeAccessedByLayers(
            "contracts", "config", "kustomer", "topics", "topology", "sink", "app")
        .because(
            "each package uses only the ones below it: a dependency that runs upwards belongs in the"
                + " lower package, or in the caller")
        .check(MAIN);
  }

  @Test
  void noPackagesDependOnEachOtherInACircle() {
    slices()
        .matching("dev.kobjectingest.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a cycle makes two packages one; break it by moving the shared part down")
        .check(MAIN);
  }

  @Test
  void theProductCarriesNoBrokerNoEmulatorAndNoDemo() {
    noClasses()
        .that()
        .resideInAPackage("dev.kobjectingest..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.kobjectingest.emulator..",
            "dev.kobjectingest.kafka.embedded..",
            "dev.kobjectingest.tools..",
            "dev.kobjectingest.testsupport..",
            "kafka.server..",
            "kafka.raft..")
        .because(
            "the product jar and its image carry the pipeline only; the sandbox, the demo, the"
                + " emulator and the benchmarks live in ingest-app")
        .check(MAIN);
  }

  @Test
  void onlyTheCliEntryPointPrintsOrExits() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.kobjectingest.app.cli..")
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err")
            .orShould()
            .callMethod(System.class, "exit", int.class)
            .orShould()
            .callMethod(Runtime.class, "halt", int.class)
            .because(
                "output and exit codes belong to the CLI (dev.kobjectingest.app.cli); elsewhere log through"
                    + " SLF4J or return a value");
    rule.check(MAIN);
  }

  @Test
  void mappingIsPureOfKafka() {
    noClasses()
        .that()
        .resideInAPackage("dev.kobjectingest.mapping..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .because(
            "mapping rules are pure functions of a payload (docs/style.md 8); put Kafka code in topology and"
                + " call mapping from there")
        .check(MAIN);
  }

  @Test
  void commandsAndTheRequestPlannerDoNotNeedKafka() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.kobjectingest.command..", "dev.kobjectingest.kustomer..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .because(
            "commands are the contract between topology and sink; the planner only knows Kustomer")
        .check(MAIN);
  }

  @Test
  void onlyTheCliDependsOnTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.kobjectingest.app.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.kobjectingest.app.cli..")
        .because("the CLI is the outermost layer: it calls the product, never the other way round")
        .check(MAIN);
  }
}
