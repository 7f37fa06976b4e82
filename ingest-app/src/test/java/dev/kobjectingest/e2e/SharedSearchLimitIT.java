package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.testsupport.RedisTestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kustomer's search limit (per API key, separate from the org budget) when two instances resolve
 * identities at once: both take their searches from one bucket in Redis, so together they stay
 * within the limit and meet no 429. The limit is low (20 a minute) and each search carries few
 * identities (little bulk concurrency), so the two instances together ask for more searches than
 * one minute allows: each with a bucket of its own would overrun it.
 */
class SharedSearchLimitIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SEARCHES_PER_MINUTE = 20;
  private static final int CUSTOMERS = 150;

  @Test
  void twoInstancesSharingTheSearchLimitThroughRedisMeetNo429() throws Exception {
    Map<String, String> shared =
        Map.of(
            "kustomer.rate-limit.redis",
            RedisTestServer.shared().uri(),
            "kustomer.rate-limit.key",
            "search-" + UUID.randomUUID(),
            "kustomer.rate-limit.search-per-minute",
            String.valueOf(SEARCHES_PER_MINUTE),
            "sink.bulk.min-backlog",
            "2",
            // Few workers, so a search carries a few identities and the instances need many.
            "sink.max-in-flight",
            "1",
            "sink.bulk.max-items",
            "2");
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.NESTED,
            6000,
            shared,
            c -> c.withSearchesPerMinute(SEARCHES_PER_MINUTE).withCustomerUniqueness(true))) {
      Map<Integer, String> known = seedByEmail(f);
      String example = E2eFixture.exampleOrder();
      Map<String, String> records = new LinkedHashMap<>();
      Map<String, Integer> customerOf = new LinkedHashMap<>();
      for (int c = 0; c < CUSTOMERS; c++) {
        records.put("SL-" + c, order(example, "SL-" + c, c));
        customerOf.put("SL-" + c, c);
      }
      // A backlog: every order is waiting when the instances start.
      f.publishRaw(f.rawTopic("orders.raw"), records);
      try (Pipeline a = f.scenario.startInstance("a", Map.of());
          Pipeline b =
              f.scenario.startInstance(
                  "b",
                  Boolean.getBoolean("mutant.unshared")
                      ? Map.of("kustomer.rate-limit.key", "other-" + UUID.randomUUID())
                      : Map.of())) {
        Map<String, String> customerByOrder =
            f.awaitOrderCustomers(records.keySet(), Duration.ofMinutes(4));
        assertThat(a.failure()).isNull();
        assertThat(b.failure()).isNull();

        for (Map.Entry<String, Integer> e : customerOf.entrySet()) {
          assertThat(customerByOrder.get(e.getKey()))
              .as("order %s of known customer %d", e.getKey(), e.getValue())
              .isEqualTo(known.get(e.getValue()));
        }
        JsonNode stats = f.emulator.stats();
        String summary = stats.toString();
        System.out.println("TIMING " + summary);
        assertThat(stats.path("customers").asInt()).as("none created").isEqualTo(CUSTOMERS);
        assertThat(stats.path("searches").asInt())
            .as("more searches than one minute allows: " + summary)
            .isGreaterThan(SEARCHES_PER_MINUTE);
        assertThat(stats.path("searchThrottled").asInt()).as("search 429s: " + summary).isZero();
        assertThat(stats.path("throttled").asInt()).as("429s: " + summary).isZero();
        assertThat(stats.path("peakSearchesPerMinute").asInt())
            .as("busiest minute of searches: " + summary)
            .isLessThanOrEqualTo(SEARCHES_PER_MINUTE);
        assertThat(a.sink().apiRequests()).as("instance a worked").isPositive();
        assertThat(b.sink().apiRequests()).as("instance b worked").isPositive();
      }
    }
  }

  /** Customers 0..CUSTOMERS-1 known by email only, as support conversations create them. */
  private static Map<Integer, String> seedByEmail(E2eFixture f) {
    ObjectNode seed = JSON.createObjectNode();
    ArrayNode customers = seed.putArray("customers");
    for (int c = 0; c < CUSTOMERS; c++) {
      customers
          .addObject()
          .put("name", "Known " + c)
          .putArray("emails")
          .addObject()
          .put("email", email(c));
    }
    seed.put("returnIds", true);
    JsonNode seeded = f.emulator.seed(seed);
    Map<Integer, String> known = new LinkedHashMap<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      known.put(c, seeded.path("customerIds").get(c).asText());
    }
    return known;
  }

  private static String email(int c) {
    return "searched" + c + "@example.com";
  }

  /** An order of customer {@code c}: its known email and a phone of its own. */
  private static String order(String example, String number, int c) throws Exception {
    ObjectNode o = (ObjectNode) JSON.readTree(example);
    o.put("order_number", number);
    ObjectNode customer = (ObjectNode) o.get("customer");
    customer.put("email", email(c));
    customer.put("phone", String.format("+1512556%04d", c));
    customer.put("last_name", "Customer " + c);
    return JSON.writeValueAsString(o);
  }
}
