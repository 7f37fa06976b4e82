package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Customers kept current on the real broker with the shipped rules (the name, an order count, the
 * lifetime value and the last order date): a customer the org already had keeps its own attributes
 * and identities, a name changed in a later order reaches Kustomer, and an updated order replaces
 * its amount instead of adding to it.
 */
class CustomerProfileIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void profilesFollowTheOrdersAndLeaveWhatTheRulesDoNotOwnAlone() throws Exception {
    try (E2eFixture f =
        new E2eFixture(WriteModel.NESTED, 6000, Map.of(), c -> c.withCustomerUniqueness(true))) {
      // Ada was in the org before the pipeline: two emails, a VIP flag and a locale of her own.
      ObjectNode seed = JSON.createObjectNode();
      ObjectNode ada = seed.putArray("customers").addObject().put("name", "Ada (support)");
      ada.putArray("emails")
          .add(JSON.createObjectNode().put("email", "ada@example.com"))
          .add(JSON.createObjectNode().put("email", "ada.work@example.com"));
      ada.put("locale", "fr");
      ada.putObject("custom").put("vipBool", true);
      seed.put("returnIds", true);
      String adaId = f.emulator.seed(seed).path("customerIds").get(0).asText();

      String orders = f.rawTopic("orders.raw");
      f.publishRaw(
          orders,
          Map.of(
              "AD-1",
                  order(
                      "AD-1",
                      "ada@example.com",
                      "Ada",
                      "Lovelace",
                      "2024-01-01T00:00:00Z",
                      null,
                      10),
              "AD-2",
                  order(
                      "AD-2",
                      "ada@example.com",
                      "Ada",
                      "Lovelace",
                      "2024-02-01T00:00:00Z",
                      null,
                      20.5),
              "GR-1",
                  order(
                      "GR-1",
                      "grace@example.com",
                      "Grace",
                      "Hopper",
                      "2024-01-05T00:00:00Z",
                      null,
                      5)));
      try (Pipeline p = f.scenario.startPipeline()) {
        f.awaitOrderCustomers(List.of("AD-1", "AD-2", "GR-1"));
        JsonNode grace = awaitCustomer(f, "grace@example.com", c -> count(c) == 1);
        assertThat(grace.path("name").asText()).isEqualTo("Grace Hopper");

        // Later: Grace, registered since (an externalId as well as her email), orders under a
        // changed name; Ada's first order is corrected.
        f.publishRaw(
            orders,
            Map.of(
                "GR-2",
                    registered(
                        order(
                            "GR-2",
                            "grace@example.com",
                            "Grace",
                            "Hopper-Smith",
                            "2024-03-01T00:00:00Z",
                            null,
                            7)),
                "AD-1",
                    order(
                        "AD-1",
                        "ada@example.com",
                        "Ada",
                        "Lovelace",
                        "2024-01-01T00:00:00Z",
                        "2024-04-01T00:00:00Z",
                        12)));

        // Both orders count for the one customer, whichever identity each came by.
        grace = awaitCustomer(f, "grace@example.com", c -> count(c) == 2);
        assertThat(grace.path("name").asText()).isEqualTo("Grace Hopper-Smith");
        assertThat(grace.path("custom").path("lifetimeValueNum").decimalValue())
            .isEqualByComparingTo("12");
        assertThat(grace.path("custom").path("lastOrderAt").asText())
            .isEqualTo("2024-03-01T00:00:00Z");

        JsonNode adaNow =
            awaitCustomer(
                f,
                "ada@example.com",
                c ->
                    c.path("custom").path("lifetimeValueNum").decimalValue().doubleValue() == 32.5);
        assertThat(f.emulator.customers().path("data"))
            .filteredOn(c -> c.path("id").asText().equals(adaId))
            .as("the order landed on the customer the org had")
            .hasSize(1);
        assertThat(adaNow.path("custom").path("orderCountNum").asInt()).isEqualTo(2);
        assertThat(adaNow.path("custom").path("lastOrderAt").asText())
            .as("the correction changed the amount, not the order date")
            .isEqualTo("2024-02-01T00:00:00Z");
        assertThat(adaNow.path("custom").path("vipBool").asBoolean())
            .as("an attribute the rules do not own is untouched: %s", adaNow)
            .isTrue();
        assertThat(adaNow.path("locale").asText()).isEqualTo("fr");
        assertThat(adaNow.path("emails").findValuesAsText("email"))
            .as("identities of a customer the pipeline did not create are untouched")
            .containsExactly("ada@example.com", "ada.work@example.com");
        assertThat(p.failure()).isNull();
        JsonNode stats = f.emulator.stats();
        assertThat(stats.path("customers").asInt()).isEqualTo(2);
        assertThat(stats.path("duplicateCustomers").asInt()).isZero();
      }
    }
  }

  /** The order as placed by the registered customer: the shop's customer id as well. */
  private static String registered(String order) throws Exception {
    ObjectNode o = (ObjectNode) JSON.readTree(order);
    ((ObjectNode) o.get("customer")).put("id", "shop-grace");
    return JSON.writeValueAsString(o);
  }

  private static int count(JsonNode customer) {
    return customer.path("custom").path("orderCountNum").asInt(-1);
  }

  /** The customer holding {@code email}, once {@code ready} holds for it (two minutes at most). */
  private static JsonNode awaitCustomer(E2eFixture f, String email, Predicate<JsonNode> ready)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      for (JsonNode c : f.emulator.customers().path("data")) {
        if (c.path("attributes").path("emails").findValuesAsText("email").contains(email)) {
          last = c.path("attributes");
          if (ready.test(last)) {
            return last;
          }
        }
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("customer " + email + " never reached its state; last seen: " + last);
  }

  private static String order(
      String number,
      String email,
      String first,
      String last,
      String createdAt,
      String updatedAt,
      double grand)
      throws Exception {
    return E2eFixture.exampleOrder(
        number,
        o -> {
          o.put("created_at", createdAt);
          if (updatedAt != null) {
            o.put("updated_at", updatedAt);
          }
          ObjectNode customer = (ObjectNode) o.get("customer");
          customer.put("email", email).put("first_name", first).put("last_name", last);
          customer.remove("phone");
          ((ObjectNode) o.get("totals")).put("grand", grand);
        });
  }
}
