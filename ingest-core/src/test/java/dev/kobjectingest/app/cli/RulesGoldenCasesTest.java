package dev.kobjectingest.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped rule sets' golden cases, run by {@code rules test} as an integrator's CI would; and
 * how {@code rules test} reports a case that no longer holds.
 */
class RulesGoldenCasesTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return IngestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../mapping-rules",
        "../mapping-rules/examples/shopify",
        "../mapping-rules/examples/woocommerce",
        "../mapping-rules/examples/bigcommerce"
      })
  void theShippedRuleSetsPassTheirGoldenCases(String dir) {
    assertThat(run("rules", "test", dir)).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("case(s) pass").doesNotContain("FAIL");
  }

  @Test
  void aChangedRulePrintsADiffAndExitsOne(@TempDir Path dir) throws Exception {
    Path rules = copy(Path.of("../mapping-rules"), dir);
    Path orders = rules.resolve("orders.yaml");
    Files.writeString(
        orders,
        Files.readString(orders)
            .replace("orderStatusStr: status", "orderStatusStr: \"$uppercase(status)\""));

    assertThat(run("rules", "test", rules.toString())).isEqualTo(1);

    assertThat(out.toString())
        .contains("FAIL seed-order: the output differs from seed-order.expected.json")
        .contains("--- seed-order.expected.json (expected)")
        .contains("+++ actual")
        .contains("-        \"orderStatusStr\" : \"received\",")
        .contains("+        \"orderStatusStr\" : \"RECEIVED\",")
        .contains("ok   not-json");
    assertThat(err.toString()).contains("rule test case(s) failed");
  }

  @Test
  void updateWritesTheOutputAsTheNewExpectation(@TempDir Path dir) throws Exception {
    Path rules = copy(Path.of("../mapping-rules"), dir);
    Path orders = rules.resolve("orders.yaml");
    Files.writeString(
        orders,
        Files.readString(orders)
            .replace("title: \"'Order ' & order_number\"", "title: \"'#' & order_number\""));
    assertThat(run("rules", "test", rules.toString())).isEqualTo(1);

    assertThat(run("rules", "test", "--update", rules.toString())).isZero();
    assertThat(run("rules", "test", rules.toString())).isZero();
    assertThat(Files.readString(rules.resolve("tests/seed-order.expected.json")))
        .contains("\"title\" : \"#AB-1234\"");
  }

  @Test
  void aCaseWithoutExpectationOrWithABadPayloadFails(@TempDir Path dir) throws Exception {
    Path rules = copy(Path.of("../mapping-rules"), dir);
    Files.writeString(
        rules.resolve("tests/new.yaml"), "events:\n  - payload: ../examples/nowhere.json\n");
    Files.writeString(
        rules.resolve("tests/fresh.yaml"), "events:\n  - payload: ../examples/order.json\n");

    assertThat(run("rules", "test", rules.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAIL fresh: no fresh.expected.json yet (run with --update)")
        .contains("FAIL new: ");
  }

  @Test
  void deadLettersAreComparedByReasonAndFieldUnlessTheCaseStatesTheMessage(@TempDir Path dir)
      throws Exception {
    Path rules = copy(Path.of("../mapping-rules"), dir);
    Path expected = rules.resolve("tests/invalid-total.expected.json");
    String text = Files.readString(expected);
    assertThat(text).doesNotContain("message");
    Files.writeString(
        expected,
        text.replace(
            "\"field\" : \"order.custom.totalPriceNum\"",
            "\"field\" : \"order.custom.totalPriceNum\", \"message\" : \"another wording\""));

    assertThat(run("rules", "test", rules.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("FAIL invalid-total").contains("+      \"message\" : ");
  }

  private static Path copy(Path from, Path to) throws Exception {
    Path root = to.resolve("rules");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = root.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return root;
  }
}
