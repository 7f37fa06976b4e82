package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.report.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request the emulator accepts and every response it sends, for the operations this product
 * uses, checked against Kustomer's OpenAPI document by an OpenAPI validator (with only the
 * deviations of DEVIATIONS.md).
 */
class EmulatorContractTest {
  private static KustomerEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults());
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void everyExchangeOfTheOrderWorkflowConformsToTheSpec() {
    emulator.reset();
    EmulatorHttp http = new EmulatorHttp(emulator);

    // Klasses and metadata, as the Rel model sets them up.
    assertThat(
            http.post(
                    "/v1/klasses", Map.of("name", "order", "displayName", "Order", "icon", "cart"))
                .status())
        .isEqualTo(200);
    assertThat(http.post("/v1/klasses", Map.of("name", "order-item")).status()).isEqualTo(200);
    assertThat(http.get("/v1/klasses").status()).isEqualTo(200);
    assertThat(http.get("/v1/klasses?status=enabled&page=1&pageSize=50").status()).isEqualTo(200);
    assertThat(
            http.put(
                    "/v1/metadata/kobject.order",
                    Map.of(
                        "relationships",
                        Map.of(
                            "itemsRel",
                            Map.of(
                                "displayName",
                                "Order Items",
                                "target",
                                "kobject.order-item",
                                "multi",
                                true))))
                .status())
        .isEqualTo(200);
    assertThat(
            http.put(
                    "/v1/metadata/kobject.order-item",
                    Map.of(
                        "relationships",
                        Map.of(
                            "orderRel",
                            Map.of(
                                "displayName",
                                "Order",
                                "target",
                                "kobject.order",
                                "multi",
                                false))))
                .status())
        .isEqualTo(200);
    assertThat(http.get("/v1/metadata/kobject.order").status()).isEqualTo(200);

    // Customers: create, the three lookups, updates.
    var created =
        http.post(
            "/v1/customers",
            Map.of(
                "name", "Ada Lovelace",
                "externalId", "cust-1",
                "emails", List.of(Map.of("email", "ada@example.com", "type", "home")),
                "phones", List.of(Map.of("phone", "+15555550100", "type", "mobile")),
                "custom", Map.of("tierStr", "gold")));
    assertThat(created.status()).isEqualTo(201);
    String customerId = created.data().path("id").asText();
    assertThat(http.get("/v1/customers/" + customerId).status()).isEqualTo(200);
    assertThat(http.get("/v1/customers/email=ada@example.com").status()).isEqualTo(200);
    assertThat(http.get("/v1/customers/phone=+15555550100").status()).isEqualTo(200);
    assertThat(http.get("/v1/customers/externalId=cust-1").status()).isEqualTo(200);
    assertThat(
            http.put("/v1/customers/" + customerId + "?replace=false", Map.of("locale", "en_US"))
                .status())
        .isEqualTo(200);
    assertThat(http.patch("/v1/customers/" + customerId, Map.of("tags", List.of("vip"))).status())
        .isEqualTo(200);
    assertThat(
            http.post(
                    "/v1/customers",
                    Map.of(
                        "name", "Ada's husband",
                        "sharedEmails", List.of(Map.of("email", "ada@example.com", "type", "home")),
                        "sharedPhones", List.of(Map.of("phone", "+15555550100")),
                        "sharedExternalIds", List.of(Map.of("externalId", "household-1"))))
                .status())
        .isEqualTo(201);

    // Search: customers by their contact points (unique and shared), paged, with fields; KObjects
    // by a custom attribute.
    Map<String, Object> byContactPoint =
        Map.of(
            "queryContext",
            "customer",
            "or",
            List.of(
                Map.of("customer_email", Map.of("equals", "ada@example.com")),
                Map.of("customer_shared_email", Map.of("equals", "ada@example.com")),
                Map.of("customer_phone", Map.of("equals", "+15555550100")),
                Map.of("customer_externalId", Map.of("equals", "cust-1")),
                Map.of(
                    "and",
                    List.of(
                        Map.of("customer_shared_phone", Map.of("equals", "15555550100")),
                        Map.of("customer_shared_externalId", Map.of("equals", "household-1"))))));
    var found = http.post("/v1/customers/search", byContactPoint);
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().path("meta").path("total").asInt()).isEqualTo(2);
    assertThat(http.post("/v1/customers/search?page=1&pageSize=1", byContactPoint).status())
        .isEqualTo(200);
    assertThat(
            http.post(
                    "/v1/customers/search?page=2&pageSize=1",
                    Map.of(
                        "and",
                        Map.of("customer_externalId", Map.of("equals", "cust-1")),
                        "sort",
                        List.of(Map.of("customer_updated_at", "desc")),
                        "fields",
                        List.of(Map.of("name", "externalId"), Map.of("name", "name")),
                        "timeZone",
                        "Europe/London"))
                .status())
        .isEqualTo(200);

    // KObjects: nested order under the customer, items, Rel linking, lookups, update, list, delete.
    var item =
        http.post(
            "/v1/customers/" + customerId + "/klasses/order-item",
            Map.of(
                "title", "T-Shirt", "externalId", "AB-1234-1", "custom", Map.of("priceNum", 20)));
    assertThat(item.status()).isEqualTo(201);
    String itemId = item.data().path("id").asText();
    var order =
        http.post(
            "/v1/customers/" + customerId + "/klasses/order",
            Map.of(
                "title", "Order #AB-1234",
                "externalId", "AB-1234",
                "data", Map.of("line_items", List.of(Map.of("name", "T-Shirt", "price", 20))),
                "custom",
                    Map.of(
                        "totalPriceNum",
                        20.5,
                        "orderCreatedAt",
                        "2026-11-20T10:00:00Z",
                        "statusStr",
                        "paid",
                        "giftBool",
                        false,
                        "itemsRel",
                        List.of(itemId)),
                "tags", List.of("web")));
    assertThat(order.status()).isEqualTo(201);
    String orderId = order.data().path("id").asText();
    assertThat(
            http.post(
                    "/v1/klasses/order",
                    Map.of("title", "Order #AB-9", "customer", customerId, "externalId", "AB-9"))
                .status())
        .isEqualTo(201);
    assertThat(http.get("/v1/klasses/order/externalId=AB-1234").status()).isEqualTo(200);
    assertThat(
            http.post(
                    "/v1/customers/search",
                    Map.of(
                        "queryContext",
                        "kobject_order",
                        "and",
                        List.of(
                            Map.of("kobject_custom_order_statusStr", Map.of("equals", "paid")))))
                .status())
        .isEqualTo(200);
    assertThat(http.get("/v1/klasses/order/" + orderId).status()).isEqualTo(200);
    assertThat(
            http.put(
                    "/v1/klasses/order/" + orderId,
                    Map.of("custom", Map.of("statusStr", "shipped")))
                .status())
        .isEqualTo(200);
    assertThat(http.get("/v1/customers/" + customerId + "/klasses/order").status()).isEqualTo(200);
    assertThat(http.get("/v1/klasses/order").status()).isEqualTo(200);

    // Bulk: customers and KObjects, create and update.
    List<Map<String, Object>> customers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      customers.add(Map.of("name", "Bulk " + i, "externalId", "bulk-" + i, "_clientRef", "c" + i));
    }
    var bulkCustomers = http.post("/v1/customers/bulk", customers);
    assertThat(bulkCustomers.status()).isEqualTo(201);
    var bulkOrders =
        http.post(
            "/v1/klasses/order/bulk",
            List.of(
                Map.of(
                    "title",
                    "Order B1",
                    "externalId",
                    "B1",
                    "customer",
                    customerId,
                    "_clientRef",
                    "o1"),
                Map.of(
                    "title",
                    "Order B2",
                    "externalId",
                    "B2",
                    "customer",
                    customerId,
                    "_clientRef",
                    "o2")));
    assertThat(bulkOrders.status()).isEqualTo(201);
    String jobId = bulkOrders.data().path("id").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/v1/bulk/" + jobId)
                    .data()
                    .path("attributes")
                    .path("status")
                    .asText()
                    .equals("complete"));
    assertThat(
            http.put(
                    "/v1/klasses/order/bulk",
                    List.of(Map.of("id", orderId, "custom", Map.of("statusStr", "delivered"))))
                .status())
        .isEqualTo(200);
    assertThat(
            http.put("/v1/customers/bulk", List.of(Map.of("id", customerId, "locale", "en_GB")))
                .status())
        .isEqualTo(201);
    assertThat(http.delete("/v1/klasses/order/" + orderId).status()).isEqualTo(204);

    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (EmulatorHttp.Exchange ex : http.recorded()) {
      if (ex.path().startsWith("/v1/bulk/")) {
        continue; // not in the OpenAPI copy (DEVIATIONS.md D4); BulkJobsTest covers it
      }
      checked++;
      ValidationReport report = KustomerContract.validate(ex);
      report.getMessages().stream()
          .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
          .forEach(
              m ->
                  problems.add(
                      ex.method()
                          + " "
                          + ex.path()
                          + " -> "
                          + ex.status()
                          + ": "
                          + m.getKey()
                          + " "
                          + m.getMessage()));
    }
    assertThat(checked).isGreaterThanOrEqualTo(25);
    assertThat(problems).isEmpty();
  }

  @Test
  void requestsTheSpecRefusesTheEmulatorRefusesToo() {
    emulator.reset();
    EmulatorHttp http = new EmulatorHttp(emulator);
    http.post("/v1/klasses", Map.of("name", "order"));
    String customerId =
        http.post("/v1/customers", Map.of("externalId", "c")).data().path("id").asText();

    List<EmulatorHttp.Exchange> refused =
        List.of(
            http.post("/v1/customers", Map.of("nickname", "x")),
            http.post("/v1/customers", Map.of("name", "n".repeat(257))),
            http.post(
                "/v1/customers",
                Map.of("emails", List.of(Map.of("email", "a@b.c", "kind", "home")))),
            http.post("/v1/customers", Map.of("tags", List.of("t".repeat(65)))),
            http.post(
                "/v1/customers/" + customerId + "/klasses/order", Map.of("externalId", "no-title")),
            http.post(
                "/v1/customers/" + customerId + "/klasses/order", Map.of("title", "t".repeat(257))),
            http.post(
                "/v1/customers/" + customerId + "/klasses/order",
                Map.of("title", "x", "colour", "red")),
            http.put("/v1/klasses/order/ffffffffffffffffffffffff", Map.of("customer", customerId)),
            http.post("/v1/klasses", Map.of("name", "bad name")),
            http.post("/v1/klasses", Map.of("displayName", "no name")),
            http.put("/v1/metadata/kobject.order", Map.of("fields", Map.of())),
            http.post("/v1/customers/search", Map.of("queryContext", "customer", "limit", 5)),
            http.post("/v1/customers/search", Map.of("queryContext", "customers")),
            http.post("/v1/customers/search", Map.of("and", distinctCriteria(21))),
            http.post("/v1/customers/search", Map.of("fields", List.of("emails"))));

    for (EmulatorHttp.Exchange ex : refused) {
      assertThat(ex.status())
          .as(ex.method() + " " + ex.path() + " " + ex.requestBody())
          .isEqualTo(400);
      ValidationReport report = KustomerContract.validate(ex);
      assertThat(
              report.getMessages().stream()
                  .anyMatch(
                      m ->
                          m.getLevel() == ValidationReport.Level.ERROR
                              && m.getKey().startsWith("validation.request")))
          .as("the spec also refuses " + ex.requestBody())
          .isTrue();
    }
  }

  private static List<Map<String, Object>> distinctCriteria(int n) {
    List<Map<String, Object>> criteria = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      criteria.add(Map.of("customer_externalId", Map.of("equals", "c-" + i)));
    }
    return criteria;
  }
}
