package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KObjectRulesTest {
  private static KustomerEmulator emulator;
  private EmulatorHttp http;
  private String customerId;

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
    http.post("/v1/klasses", Map.of("name", "order"));
    http.post("/v1/klasses", Map.of("name", "item"));
    customerId = http.post("/v1/customers", Map.of("externalId", "c-1")).data().path("id").asText();
  }

  private EmulatorHttp.Exchange createOrder(Map<String, Object> body) {
    return http.post("/v1/customers/" + customerId + "/klasses/order", body);
  }

  @Test
  void anUnknownKlassIsA404NamingTheKlass() {
    var r = http.post("/v1/customers/" + customerId + "/klasses/shipment", Map.of("title", "x"));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().path("errors").path(0).path("code").asText()).isEqualTo("klass_not_found");
    assertThat(http.get("/v1/klasses/shipment/externalId=1").status()).isEqualTo(404);
  }

  @Test
  void externalIdLookupFindsTheObjectAnd404sWhenAbsent() {
    String id =
        createOrder(Map.of("title", "Order 1", "externalId", "AB-1")).data().path("id").asText();

    var found = http.get("/v1/klasses/order/externalId=AB-1");
    assertThat(found.data().path("id").asText()).isEqualTo(id);
    assertThat(found.data().path("type").asText()).isEqualTo("kobject.order");
    assertThat(found.data().path("relationships").path("customer").path("data").path("id").asText())
        .isEqualTo(customerId);
    var absent = http.get("/v1/klasses/order/externalId=AB-2");
    assertThat(absent.status()).isEqualTo(404);
    assertThat(absent.json().path("errors").path(0).path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void customAttributesAreTypedByTheirSuffix() {
    Map<String, Object> valid = new HashMap<>();
    valid.put("totalNum", 12.5);
    valid.put("noteStr", "hi");
    valid.put("bodyTxt", "long text");
    valid.put("placedAt", "2026-11-20T10:00:00+01:00");
    valid.put("giftBool", true);
    valid.put("trackingUrl", "https://track.example.com/1");
    valid.put("clearedStr", null);
    assertThat(createOrder(Map.of("title", "ok", "custom", valid)).status()).isEqualTo(201);

    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("totalNum", "12.5"),
            Map.of("noteStr", 5),
            Map.of("placedAt", "20/11/2026"),
            Map.of("giftBool", "true"),
            Map.of("trackingUrl", "not a url"),
            Map.of("total", 1),
            Map.of("itemsRel", List.of("x")))) {
      var r = createOrder(Map.of("title", "bad", "custom", bad));
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
    }
  }

  @Test
  void sizeLimitsAreEnforced() {
    assertThat(createOrder(Map.of("title", "t".repeat(256))).status()).isEqualTo(201);
    assertThat(createOrder(Map.of("title", "t".repeat(257))).status()).isEqualTo(400);
    assertThat(createOrder(Map.of("title", "x", "externalId", "e".repeat(257))).status())
        .isEqualTo(400);
    assertThat(
            createOrder(Map.of("title", "x", "custom", Map.of("noteStr", "s".repeat(1024))))
                .status())
        .isEqualTo(201);
    assertThat(
            createOrder(Map.of("title", "x", "custom", Map.of("noteStr", "s".repeat(1025))))
                .status())
        .isEqualTo(400);
    Map<String, Object> many = new HashMap<>();
    for (int i = 0; i < 101; i++) {
      many.put("f" + i + "Num", i);
    }
    assertThat(createOrder(Map.of("title", "x", "custom", many)).status()).isEqualTo(400);
    assertThat(createOrder(Map.of("title", "x", "tags", List.of("bad!tag"))).status())
        .isEqualTo(400);
    assertThat(createOrder(Map.of("externalId", "no title")).status()).isEqualTo(400);
    assertThat(createOrder(Map.of("title", "x", "color", "red")).status()).isEqualTo(400);
  }

  @Test
  void relationshipArraysAreOverwrittenNeverAppended() {
    http.put(
        "/v1/metadata/kobject.order",
        Map.of(
            "relationships", Map.of("itemsRel", Map.of("target", "kobject.item", "multi", true))));
    String a = http.post("/v1/klasses/item", Map.of("title", "A")).data().path("id").asText();
    String b = http.post("/v1/klasses/item", Map.of("title", "B")).data().path("id").asText();
    String c = http.post("/v1/klasses/item", Map.of("title", "C")).data().path("id").asText();
    String order =
        createOrder(
                Map.of(
                    "title", "o", "externalId", "o1", "custom", Map.of("itemsRel", List.of(a, b))))
            .data()
            .path("id")
            .asText();

    var updated =
        http.put("/v1/klasses/order/" + order, Map.of("custom", Map.of("itemsRel", List.of(c))));

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.data().path("attributes").path("custom").path("itemsRel"))
        .extracting(n -> n.asText())
        .containsExactly(c);
    // A multi relationship takes an array; a reference to a missing object is refused.
    assertThat(
            http.put("/v1/klasses/order/" + order, Map.of("custom", Map.of("itemsRel", c)))
                .status())
        .isEqualTo(400);
    assertThat(
            http.put(
                    "/v1/klasses/order/" + order,
                    Map.of("custom", Map.of("itemsRel", List.of("ffffffffffffffffffffffff"))))
                .status())
        .isEqualTo(400);
  }

  @Test
  void updatesMergeCustomAndReplaceData() {
    String id =
        createOrder(
                Map.of(
                    "title", "o",
                    "data", Map.of("items", List.of(1, 2)),
                    "custom", Map.of("statusStr", "paid", "totalNum", 3)))
            .data()
            .path("id")
            .asText();

    var r =
        http.put(
            "/v1/klasses/order/" + id,
            Map.of("data", Map.of("items", List.of(3)), "custom", Map.of("statusStr", "shipped")));

    var attrs = r.data().path("attributes");
    assertThat(attrs.path("custom").path("statusStr").asText()).isEqualTo("shipped");
    assertThat(attrs.path("custom").path("totalNum").asInt()).isEqualTo(3);
    assertThat(attrs.path("data").path("items")).hasSize(1);
    assertThat(attrs.path("rev").asInt()).isEqualTo(2);
  }

  @Test
  void duplicateExternalIdsAreStoredButCounted() {
    String first =
        createOrder(Map.of("title", "first", "externalId", "AB-1")).data().path("id").asText();
    createOrder(Map.of("title", "second", "externalId", "AB-1"));
    createOrder(Map.of("title", "other", "externalId", "AB-2"));
    // Updating the oldest keeps it the oldest holder of its externalId.
    http.put("/v1/klasses/order/" + first, Map.of("externalId", "AB-1", "title", "first"));

    var stats = emulator.stats();
    assertThat(stats.path("kobjects").path("order").asInt()).isEqualTo(3);
    assertThat(stats.path("duplicateKObjects").asInt()).isEqualTo(1);
    // The lookup answers with the oldest, as a client that never duplicates would expect.
    assertThat(
            http.get("/v1/klasses/order/externalId=AB-1")
                .data()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("first");
  }

  @Test
  void listsAndDeleteWork() {
    String id = createOrder(Map.of("title", "o1", "externalId", "1")).data().path("id").asText();
    createOrder(Map.of("title", "o2", "externalId", "2"));
    http.post("/v1/klasses/order", Map.of("title", "orphan"));

    assertThat(http.get("/v1/customers/" + customerId + "/klasses/order").data()).hasSize(2);
    var page = http.get("/v1/klasses/order?page=2&pageSize=2");
    assertThat(page.data()).hasSize(1);
    assertThat(page.json().path("links").path("next").isNull()).isTrue();
    assertThat(http.delete("/v1/klasses/order/" + id).status()).isEqualTo(204);
    assertThat(http.get("/v1/klasses/order/" + id).status()).isEqualTo(404);
    assertThat(http.get("/v1/klasses/order/externalId=1").status()).isEqualTo(404);
  }

  @Test
  void requestsWithoutTheApiKeyAre401() {
    var none = http.send("GET", "/v1/klasses", null, null);
    var wrong = http.send("GET", "/v1/klasses", null, "wrong-key");

    assertThat(none.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().path("errors").path(0).path("code").asText()).isEqualTo("unauthorized");
  }

  @Test
  void withPutReplacesAPutThatSendsPartOfCustomLosesTheRest() {
    try (KustomerEmulator replacing =
        KustomerEmulator.start(EmulatorConfig.defaults().withKObjectPutReplaces(true))) {
      EmulatorHttp h = new EmulatorHttp(replacing);
      h.post("/v1/klasses", Map.of("name", "order"));
      Map<String, Object> full =
          Map.of(
              "title",
              "Order 1",
              "externalId",
              "AB-1",
              "data",
              Map.of("items", List.of(1, 2)),
              "custom",
              Map.of("statusStr", "paid", "totalNum", 3));
      String single = h.post("/v1/klasses/order", full).data().path("id").asText();
      String bulk = h.post("/v1/klasses/order", full).data().path("id").asText();

      var put =
          h.put("/v1/klasses/order/" + single, Map.of("custom", Map.of("statusStr", "shipped")));
      h.put(
          "/v1/klasses/order/bulk",
          List.of(Map.of("id", bulk, "custom", Map.of("statusStr", "shipped"))));

      var attrs = put.data().path("attributes");
      assertThat(attrs.path("custom").path("statusStr").asText()).isEqualTo("shipped");
      assertThat(attrs.path("custom").has("totalNum")).isFalse();
      assertThat(attrs.path("data").isEmpty()).isTrue();
      // Fields outside custom and data stay as they were.
      assertThat(attrs.path("title").asText()).isEqualTo("Order 1");
      assertThat(attrs.path("externalId").asText()).isEqualTo("AB-1");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          h.get("/v1/klasses/order/" + bulk)
                              .data()
                              .path("attributes")
                              .path("custom")
                              .properties())
                      .extracting(Map.Entry::getKey)
                      .containsExactly("statusStr"));
      assertThat(replacing.stats().path("kobjectUpdates").asInt()).isEqualTo(2);

      // Switched off at run time, a PUT merges again.
      replacing.setKObjectPutReplaces(false);
      h.put("/v1/klasses/order/" + single, Map.of("custom", Map.of("totalNum", 4)));
      assertThat(
              h.get("/v1/klasses/order/" + single)
                  .data()
                  .path("attributes")
                  .path("custom")
                  .path("statusStr")
                  .asText())
          .isEqualTo("shipped");
    }
  }
}
