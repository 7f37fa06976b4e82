package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeedTest {
  private static KustomerEmulator emulator;
  private EmulatorHttp http;

  @BeforeAll
  static void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults());
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.reset();
    http = new EmulatorHttp(emulator);
  }

  private EmulatorHttp.Exchange seed(Object body) {
    return http.send("POST", "/__emulator/seed", body, null);
  }

  private static Map<String, Object> customer(int i) {
    Map<String, Object> c = new HashMap<>();
    c.put("name", "Customer " + i);
    c.put("externalId", "c-" + i);
    c.put("emails", List.of(Map.of("email", "c" + i + "@example.com")));
    c.put("phones", List.of(Map.of("phone", String.valueOf(15550000000L + i))));
    if (i % 1600 == 0) {
      c.put("sharedEmails", List.of(Map.of("email", "family@example.com")));
    }
    return c;
  }

  @Test
  void aBenchmarkOrgOf16000CustomersAnd6000OrdersLoadsInOneRequestOutsideTheBudget() {
    List<Map<String, Object>> customers = new ArrayList<>();
    for (int i = 0; i < 16_000; i++) {
      customers.add(customer(i));
    }
    List<Map<String, Object>> orders = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      orders.add(
          Map.of(
              "title", "Order " + i,
              "externalId", "O-" + i,
              "customerRef", Map.of("externalId", "c-" + (i * 2)),
              "custom", Map.of("statusStr", "paid", "totalNum", i),
              "data", Map.of("lineItems", List.of(Map.of("sku", "S-" + i)))));
    }

    var r = seed(Map.of("customers", customers, "kobjects", Map.of("order", orders)));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("customers").asInt()).isEqualTo(16_000);
    assertThat(r.json().path("kobjects").path("order").asInt()).isEqualTo(6_000);
    JsonNode stats = emulator.stats();
    assertThat(stats.path("customers").asInt()).isEqualTo(16_000);
    assertThat(stats.path("kobjects").path("order").asInt()).isEqualTo(6_000);
    assertThat(stats.path("requests").asInt()).isZero();
    // Seeded data is what the API serves.
    String owner = http.get("/v1/customers/externalId=c-11998").data().path("id").asText();
    assertThat(http.get("/v1/customers/phone=15550011998").data().path("id").asText())
        .isEqualTo(owner);
    var order = http.get("/v1/klasses/order/externalId=O-5999").data();
    assertThat(order.path("relationships").path("customer").path("data").path("id").asText())
        .isEqualTo(owner);
    assertThat(order.path("attributes").path("custom").path("totalNum").asInt()).isEqualTo(5999);
    var shared =
        http.post(
            "/v1/customers/search",
            Map.of("and", Map.of("customer_shared_email", Map.of("equals", "family@example.com"))));
    assertThat(shared.json().path("meta").path("total").asInt()).isEqualTo(10);
    assertThat(emulator.stats().path("duplicateCustomers").asInt()).isZero();
  }

  @Test
  void theFirstRefusedDocumentStopsTheSeedAndIsNamed() {
    var duplicate = seed(Map.of("customers", List.of(customer(1), customer(1))));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.json().path("errors").path(0).path("meta").path("pointer").asText())
        .isEqualTo("/customers/1");
    assertThat(emulator.stats().path("customers").asInt()).isEqualTo(1);

    var invalid = seed(Map.of("customers", List.of(Map.of("nickname", "x"))));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("errors").path(0).path("message").asText())
        .contains("/customers/0", "nickname");

    var unknownCustomer =
        seed(
            Map.of(
                "kobjects",
                Map.of(
                    "order",
                    List.of(
                        Map.of("title", "o", "customerRef", Map.of("email", "no@example.com"))))));
    assertThat(unknownCustomer.status()).isEqualTo(404);
    assertThat(unknownCustomer.json().path("errors").path(0).path("meta").path("pointer").asText())
        .isEqualTo("/kobjects/order/0");
    // The klass was created before the object was refused.
    assertThat(http.get("/v1/klasses").data().findValuesAsText("name")).contains("order");
    assertThat(seed(Map.of("users", List.of())).status()).isEqualTo(400);
  }

  @Test
  void theJavaMethodSeedsAndReturnsTheNewIdsInOrder() {
    JsonNode spec =
        EmulatorHttp.MAPPER.valueToTree(
            Map.of(
                "customers",
                List.of(customer(1), customer(2)),
                "kobjects",
                Map.of(
                    "order",
                    List.of(
                        Map.of(
                            "title",
                            "o",
                            "externalId",
                            "O-1",
                            "customerRef",
                            Map.of("phone", "+15550000002")))),
                "returnIds",
                true));

    JsonNode result = emulator.seed(spec);

    String second = result.path("customerIds").path(1).asText();
    assertThat(http.get("/v1/customers/externalId=c-2").data().path("id").asText())
        .isEqualTo(second);
    String order = result.path("kobjectIds").path("order").path(0).asText();
    assertThat(
            http.get("/v1/klasses/order/" + order)
                .data()
                .path("relationships")
                .path("customer")
                .path("data")
                .path("id")
                .asText())
        .isEqualTo(second);
    assertThatThrownBy(() -> emulator.seed(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/customers/0");
  }
}
