package dev.kobjectingest.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the build keeps (style.md 8 and 12). A failure names the class and the rule; the
 * fix is to move the code to where the rule allows it, not to widen the rule.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.kobjectingest");

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
  void theEmulatorDoesNotDependOnTheProduct() {
    noClasses()
        .that()
        .resideInAPackage("dev.kobjectingest.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.kobjectingest.app..")
        .because(
            "the emulator is a stand-in for Kustomer; it must not know the client it is testing")
        .check(MAIN);
  }

  @Test
  void mappingIsPureOfKafkaAndOfTheLayersAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("dev.kobjectingest.mapping..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "dev.kobjectingest.topology..",
            "dev.kobjectingest.command..",
            "dev.kobjectingest.kustomer..",
            "dev.kobjectingest.app..")
        .because(
            "mapping rules are pure functions of a payload (style.md 8); put Kafka code in topology and"
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
        .resideInAnyPackage(
            "org.apache.kafka..", "dev.kobjectingest.topology..", "dev.kobjectingest.app..")
        .because(
            "commands are the contract between topology and sink; the planner only knows Kustomer")
        .check(MAIN);
  }

  @Test
  void theSinkDoesNotNeedTheTopology() {
    noClasses()
        .that()
        .resideInAPackage("dev.kobjectingest.sink..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.kobjectingest.topology..")
        .because(
            "the sink reads commands through their own format (dev.kobjectingest.command.CommandJson),"
                + " so either side can change without the other")
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
