package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An org that already has its customers, as every org that installs this does: customers known by
 * email only (from support conversations), by phone only, by externalId only. Each order lands on
 * the customer that was there, none is created twice, and with a backlog the identities are
 * resolved by batched searches, not a lookup each.
 */
class BrownfieldIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ORDERS = 60;

  @Test
  void preExistingCustomersAreFoundByEmailPhoneOrExternalIdAndNoneIsCreatedTwice()
      throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.NESTED,
            6000,
            Map.of("sink.bulk.min-backlog", "5"),
            c -> c.withCustomerUniqueness(true))) {
      // Orders 0..59 of customers 0..19: c0..c4 known by email, c5..c9 by phone, c10..c14 by
      // externalId, c15..c19 new.
      ObjectNode seed = JSON.createObjectNode();
      ArrayNode customers = seed.putArray("customers");
      for (int c = 0; c < 15; c++) {
        ObjectNode customer = customers.addObject().put("name", "Known " + c);
        if (c < 5) {
          customer.putArray("emails").addObject().put("email", email(c));
        } else if (c < 10) {
          customer.putArray("phones").addObject().put("phone", phone(c));
        } else {
          customer.put("externalId", "crm-" + c);
        }
      }
      seed.put("returnIds", true);
      JsonNode seeded = f.emulator.seed(seed);
      Map<Integer, String> known = new HashMap<>();
      for (int c = 0; c < 15; c++) {
        known.put(c, seeded.path("customerIds").get(c).asText());
      }

      Map<String, Integer> customerOf = new LinkedHashMap<>();
      Map<String, String> records = new LinkedHashMap<>();
      for (int n = 0; n < ORDERS; n++) {
        int c = n % 20;
        String number = "BF-" + n;
        customerOf.put(number, c);
        records.put(number, order(number, c));
      }
      // Published before the start: the backlog is there at once, as in a brownfield migration,
      // and the figure below does not depend on how fast this machine maps the first records.
      f.publishRaw(f.rawTopic("orders.raw"), records);
      try (Pipeline p = f.scenario.startPipeline()) {
        Map<String, String> customerByOrder = f.awaitOrderCustomers(customerOf.keySet());
        assertThat(p.failure()).isNull();

        for (Map.Entry<String, Integer> e : customerOf.entrySet()) {
          int c = e.getValue();
          if (c < 15) {
            assertThat(customerByOrder.get(e.getKey()))
                .as("order %s of known customer %d", e.getKey(), c)
                .isEqualTo(known.get(c));
          }
        }
        JsonNode stats = f.emulator.stats();
        assertThat(stats.path("customers").asInt()).as("15 known, 5 new").isEqualTo(20);
        assertThat(stats.path("duplicateCustomers").asInt()).isZero();
        assertThat(stats.path("searches").asInt()).as("identities resolved by search").isPositive();
        JsonNode ops = stats.path("byOperation");
        int singleLookups =
            ops.path("GET /v1/customers/email={email}").asInt()
                + ops.path("GET /v1/customers/phone={phone}").asInt()
                + ops.path("GET /v1/customers/externalId={externalId}").asInt();
        // Without batched searches each of the 15 known customers costs at least one single
        // lookup. A few still go singly: the topology hands customer commands over as fast as it
        // maps orders, and on a loaded machine the sink's backlog dips under its threshold (this
        // bound was 5, and a busy machine saw 6).
        assertThat(singleLookups).as("single lookups: " + ops).isLessThan(10);
      }
    }
  }

  private static String email(int c) {
    return "known" + c + "@example.com";
  }

  private static String phone(int c) {
    return String.format("+1512555%04d", c);
  }

  /** An order of customer {@code c}: c10..c14 carry their externalId, all an email and a phone. */
  private static String order(String number, int c) throws Exception {
    return E2eFixture.exampleOrder(
        number,
        o -> {
          ObjectNode customer = (ObjectNode) o.get("customer");
          customer.put("email", c < 5 || c >= 15 ? email(c) : "other" + c + "@example.com");
          customer.put("phone", phone(c));
          if (c >= 10 && c < 15) {
            customer.put("id", "crm-" + c);
          }
          customer.put("last_name", "Customer " + c);
        });
  }
}
