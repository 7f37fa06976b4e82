package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleLoaderTest {
  private static RuleProblems problems(Map<String, String> files) {
    return catchThrowableOfType(RuleProblems.class, () -> RuleLoader.fromSources(files));
  }

  @Test
  void everyProblemIsReportedAtOnceWithFileAndField() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "orders.yaml",
        """
        topic: orders.raw
        kind: order
        orderId: order_number
        customer: {email: customer.email}
        order:
          title: "'Order ' &"
          custom:
            totalPrice: total
            statusStr: status
            colour: x
          tags: "[status"
        extra: 1
        """);
    files.put("shipments.yaml", "topic: shipments.raw\nkind: parcel\norderId: o\nversion: v\n");

    RuleProblems p = problems(files);

    assertThat(p).isNotNull();
    assertThat(p.problems())
        .anyMatch(s -> s.startsWith("orders.yaml: version: required"))
        .anyMatch(s -> s.startsWith("orders.yaml: order.title: expression does not compile"))
        .anyMatch(
            s ->
                s.startsWith(
                    "orders.yaml: order.custom.totalPrice: attribute name must end in a Kustomer type suffix"))
        .anyMatch(s -> s.startsWith("orders.yaml: order.custom.colour:"))
        .anyMatch(s -> s.startsWith("orders.yaml: order.tags: expression does not compile"))
        .anyMatch(s -> s.startsWith("orders.yaml: extra: unknown key"))
        .anyMatch(
            s -> s.startsWith("shipments.yaml: kind: kind must be order, shipment or line-item"));
    assertThat(p.problems()).hasSizeGreaterThanOrEqualTo(7);
  }

  /** Found by a newcomer: an items section without its id threw a NullPointerException. */
  @Test
  void anItemsOrShipmentsSectionWithoutAnIdIsAProblem() {
    RuleProblems p =
        problems(
            Map.of(
                "o.yaml",
                """
                topic: o
                kind: order
                orderId: id
                version: v
                customer: {email: e}
                order: {title: t}
                items: {from: lines, title: name}
                shipments: {from: parcels}
                """));

    assertThat(p.problems())
        .anyMatch(s -> s.startsWith("o.yaml: items.id: required"))
        .anyMatch(s -> s.startsWith("o.yaml: shipments.id: required"));
  }

  @Test
  void unknownFunctionsAreFoundBeforeAnyPayload() {
    RuleProblems p =
        problems(
            Map.of(
                "o.yaml",
                "topic: o\nkind: order\norderId: $nosuch(id)\nversion: v\ncustomer: {email: e}\norder: {title: t}\n"));

    assertThat(p.problems())
        .anyMatch(s -> s.contains("orderId: expression calls an unknown function"));
  }

  @Test
  void aTopicMayBeMappedOnlyOnceAndSomeRuleMustWriteOrders() {
    String shipment = "topic: s\nkind: shipment\norderId: o\nversion: v\nshipmentId: id\n";
    RuleProblems p = problems(Map.of("a.yaml", shipment, "b.yaml", shipment));

    assertThat(p.problems())
        .anyMatch(s -> s.contains("topic: 's' is already mapped by "))
        .anyMatch(s -> s.contains("no rule of kind 'order'"));
  }

  @Test
  void tooManyCustomAttributesAreCaughtAtLoad() {
    StringBuilder custom = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      custom.append("    a").append(i).append("Num: n\n");
    }
    RuleProblems p =
        problems(
            Map.of(
                "o.yaml",
                "topic: o\nkind: order\norderId: id\nversion: v\ncustomer: {email: e}\norder:\n  title: t\n  custom:\n"
                    + custom));

    assertThat(p.problems())
        .anyMatch(s -> s.contains("order.custom: 101 attributes, over Kustomer's limit of 100"));
  }

  @Test
  void invalidYamlSaysWhere() {
    RuleProblems p = problems(Map.of("bad.yaml", "topic: [unclosed\n"));

    assertThat(p.problems())
        .singleElement()
        .asString()
        .startsWith("bad.yaml: not valid YAML")
        .contains("line");
  }
}
