package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Never merge two people (invariant 3), when a guest came first: the customer the pipeline created
 * from a guest order holds the family email and nothing stronger. The first registered account with
 * that email is the guest (found by the email, nothing contradicts it); a second, other account is
 * not, though the customer still holds no externalId: the sink remembers the first account's take.
 * Kustomer's uniqueness is on, as in a real org.
 */
class FamilyEmailIT {
  private static final String FAMILY = "family@example.com";

  @Test
  void aSecondAccountSharingAGuestsEmailGetsItsOwnCustomerOneByOne() throws Exception {
    twoAccountsAfterAGuest(Map.of(), 0);
  }

  @Test
  void aSecondAccountSharingAGuestsEmailGetsItsOwnCustomerInABatchedSearch() throws Exception {
    // With a backlog the accounts are resolved by batched searches, likely in one batch.
    twoAccountsAfterAGuest(Map.of("sink.bulk.min-backlog", "5"), 40);
  }

  private static void twoAccountsAfterAGuest(Map<String, String> config, int others)
      throws Exception {
    try (E2eFixture f =
        new E2eFixture(WriteModel.NESTED, 6000, config, c -> c.withCustomerUniqueness(true))) {
      String orders = f.rawTopic("orders.raw");
      try (Pipeline p = f.scenario.startPipeline()) {
        f.publishRaw(orders, Map.of("FG-1", order("FG-1", null)));
        String guest = f.awaitOrderCustomers(List.of("FG-1")).get("FG-1");

        Map<String, String> next = new LinkedHashMap<>();
        next.put("FR-1", order("FR-1", "shop-parent-1"));
        next.put("FR-2", order("FR-2", "shop-parent-2"));
        for (int i = 0; i < others; i++) {
          next.put(
              "FO-" + i,
              E2eFixture.exampleOrder(
                  "FO-" + i,
                  o -> {
                    ObjectNode c = (ObjectNode) o.get("customer");
                    c.put("email", "other" + o.path("order_number").asText() + "@example.com");
                    c.remove("phone");
                  }));
        }
        f.publishRaw(orders, next);
        Map<String, String> byOrder = f.awaitOrderCustomers(next.keySet());
        assertThat(p.failure()).isNull();

        String first = byOrder.get("FR-1");
        String second = byOrder.get("FR-2");
        assertThat(first).as("two accounts, two customers").isNotEqualTo(second);
        assertThat(List.of(first, second)).as("one of them is the guest").contains(guest);
        JsonNode other = customer(f, first.equals(guest) ? second : first);
        assertThat(other.path("externalId").asText()).startsWith("shop-parent-");
        assertThat(other.path("sharedEmails").findValuesAsText("email"))
            .as("the other account keeps the family email, shared: %s", other)
            .containsExactly(FAMILY);
        assertThat(f.emulator.stats().path("duplicateCustomers").asInt()).isZero();
      }
    }
  }

  private static JsonNode customer(E2eFixture f, String id) {
    for (JsonNode c : f.emulator.customers().path("data")) {
      if (c.path("id").asText().equals(id)) {
        return c.path("attributes");
      }
    }
    throw new AssertionError("no customer " + id);
  }

  /** An order with the family email: a guest's ({@code shopCustomerId} null) or an account's. */
  private static String order(String number, String shopCustomerId) throws Exception {
    return E2eFixture.exampleOrder(
        number,
        o -> {
          ObjectNode c = (ObjectNode) o.get("customer");
          c.put("email", FAMILY);
          c.remove("phone");
          if (shopCustomerId != null) {
            c.put("id", shopCustomerId);
          }
        });
  }
}
