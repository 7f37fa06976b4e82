package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules' customer attributes and aggregates: what they may own, and what one order says. */
class CustomerProfileRulesTest {
  private static String rule(String customerExtra) {
    return """
        topic: orders.raw
        kind: order
        orderId: id
        version: at
        customer:
          email: email
        %s
        order:
          title: "'Order ' & id"
        """
        .formatted(customerExtra.indent(2).stripTrailing());
  }

  @Test
  void identitiesTagsAndBadlyNamedAggregatesAreRefusedWithWhy() {
    RuleProblems p =
        catchThrowableOfType(
            RuleProblems.class,
            () ->
                RuleLoader.fromSources(
                    Map.of(
                        "o.yaml",
                        rule(
                            """
                            attributes:
                              emails: email
                              tags: "['vip']"
                              colour: x
                              custom: {tierStr: tier}
                            aggregates:
                              orders: count
                              totalNum: {sum: total}
                              lastAt: {max: at}
                              tierStr: count
                            """))));

    assertThat(p.problems())
        .anyMatch(
            s -> s.contains("customer.attributes.emails: not kept current by rules: identities"))
        .anyMatch(
            s ->
                s.contains(
                    "customer.attributes.tags: not kept current by rules: Kustomer replaces"))
        .anyMatch(s -> s.contains("customer.attributes.colour: unknown customer attribute"))
        .anyMatch(
            s ->
                s.contains(
                    "customer.aggregates.orders: a count is written as a custom attribute: a camelCase name ending in Num"))
        .anyMatch(
            s ->
                s.contains(
                    "customer.aggregates.lastAt: must be count, {sum: expression} or {latest: expression}"))
        .anyMatch(s -> s.contains("customer.aggregates.tierStr: also a custom attribute"));
  }

  @Test
  void anOrderSaysWhatItKnowsAndLeavesOutWhatItDoesNot() throws Exception {
    RuleSet rules =
        RuleLoader.fromSources(
            Map.of(
                "o.yaml",
                rule(
                    """
                    attributes:
                      name: name
                      locale: locale
                      custom: {tierStr: tier}
                    aggregates:
                      ordersNum: count
                      spentNum: {sum: total}
                      lastOrderAt: {latest: at}
                    """)));
    EventMapper mapper = new EventMapper(rules.forTopic("orders.raw"));

    MappedEvent e =
        mapper.map(
            """
            {"id": "A", "at": "2024-03-01T10:00:00+01:00", "email": "a@b.co", "name": "Ada",
             "locale": "this-is-no-locale-at-all", "total": "12.50"}
            """
                .getBytes(StandardCharsets.UTF_8));

    CustomerFacts f = e.order().customerFacts();
    assertThat(f.attributes().toString())
        .as("a locale Kustomer would refuse is left out; so is an absent tier")
        .isEqualTo("{\"name\":\"Ada\"}");
    assertThat(f.measures().path("spentNum").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(f.measures().path("lastOrderAt").asText()).isEqualTo("2024-03-01T09:00:00Z");
    assertThat(rules.customerAggregates())
        .extracting(CustomerProfileMapping.Aggregate::name)
        .containsExactly("ordersNum", "spentNum", "lastOrderAt");
  }

  /** Found by a newcomer: a count in one file and a sum in another went through validation. */
  @Test
  void oneAggregateCannotBeACountInOneRuleAndASumInAnother() {
    String b = rule("aggregates:\n  orderCountNum: {sum: total}").replace("orders.raw", "b.raw");
    RuleProblems p =
        catchThrowableOfType(
            RuleProblems.class,
            () ->
                RuleLoader.fromSources(
                    Map.of("a.yaml", rule("aggregates:\n  orderCountNum: count"), "b.yaml", b)));

    assertThat(p.problems())
        .anyMatch(
            s -> s.contains("customer.aggregates.orderCountNum: a ") && s.contains("one kind"));
  }

  /** Found by a newcomer: a name cut at 256 chars could end in half an emoji. */
  @Test
  void aLongNameIsCutBetweenCharactersNotInsideOne() throws Exception {
    RuleSet rules = RuleLoader.fromSources(Map.of("o.yaml", rule("attributes:\n  name: name")));
    String name = "N".repeat(255) + "\uD83D\uDE00\uD83D\uDE00";

    MappedEvent e =
        new EventMapper(rules.forTopic("orders.raw"))
            .map(
                ("{\"id\": \"A\", \"at\": \"2024-03-01T10:00:00Z\", \"email\": \"a@b.co\", \"name\": \""
                        + name
                        + "\"}")
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(e.order().customerFacts().attributes().path("name").asText())
        .isEqualTo("N".repeat(255));
  }
}
