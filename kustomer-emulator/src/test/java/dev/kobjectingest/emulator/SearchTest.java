package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchTest {
  private static KustomerEmulator emulator;
  private EmulatorHttp http;

  @BeforeAll
  static void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults().withSearchesPerMinute(10_000));
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

  private String customer(Map<String, Object> body) {
    var r = http.post("/v1/customers", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.data().path("id").asText();
  }

  private static Map<String, Object> equalsTo(String attribute, Object value) {
    return Map.of(attribute, Map.of("equals", value));
  }

  private EmulatorHttp.Exchange search(Object body) {
    return http.post("/v1/customers/search", body);
  }

  private List<String> ids(Object body) {
    var r = search(body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return hitIds(r);
  }

  private static List<String> hitIds(EmulatorHttp.Exchange r) {
    List<String> ids = new ArrayList<>();
    r.data().forEach(hit -> ids.add(hit.path("id").asText()));
    return ids;
  }

  @Test
  void anOrOfEqualitiesFindsCustomersByEmailPhoneOrExternalIdOldestFirst() {
    String ada =
        customer(Map.of("name", "Ada", "emails", List.of(Map.of("email", "ada@example.com"))));
    String bob = customer(Map.of("name", "Bob", "phones", List.of(Map.of("phone", "15555550101"))));
    String cy =
        customer(
            Map.of(
                "name",
                "Cy",
                "externalId",
                "c-3",
                "externalIds",
                List.of(Map.of("externalId", "c-3b"))));
    customer(Map.of("name", "Dee", "emails", List.of(Map.of("email", "dee@example.com"))));

    var r =
        search(
            Map.of(
                "queryContext",
                "customer",
                "or",
                List.of(
                    equalsTo("customer_externalId", "c-3"),
                    equalsTo("customer_phone", "+15555550101"),
                    equalsTo("customer_email", "ada@example.com"))));

    assertThat(r.status()).isEqualTo(200);
    assertThat(hitIds(r)).containsExactly(ada, bob, cy);
    assertThat(r.data().path(0).path("type").asText()).isEqualTo("customer");
    assertThat(r.json().path("meta").path("total").asInt()).isEqualTo(3);
    assertThat(r.json().path("meta").has("aggregations")).isTrue();
    assertThat(ids(Map.of("and", List.of(equalsTo("customer_externalId", "c-3b")))))
        .containsExactly(cy);
    assertThat(ids(Map.of("and", List.of(equalsTo("customer_email", "nobody@example.com")))))
        .isEmpty();
  }

  @Test
  void emailsMatchWithoutCaseAndPhonesByTheirDigitsWithOrWithoutPlus() {
    String id =
        customer(
            Map.of(
                "emails", List.of(Map.of("email", "Ada@Example.com")),
                "phones", List.of(Map.of("phone", "+1 555 555 0100"))));

    assertThat(ids(Map.of("and", equalsTo("customer_email", "ada@EXAMPLE.com"))))
        .containsExactly(id);
    assertThat(ids(Map.of("and", equalsTo("customer_phone", "15555550100")))).containsExactly(id);
    assertThat(ids(Map.of("and", equalsTo("customer_phone", "+15555550100")))).containsExactly(id);
    // externalIds are compared exactly.
    customer(Map.of("externalId", "Shop-1"));
    assertThat(ids(Map.of("and", equalsTo("customer_externalId", "shop-1")))).isEmpty();
  }

  @Test
  void sharedContactPointsMatchOnlyThroughTheSharedForms() {
    Map<String, Object> family =
        Map.of(
            "sharedEmails", List.of(Map.of("email", "family@example.com")),
            "sharedPhones", List.of(Map.of("phone", "+15555550199")),
            "sharedExternalIds", List.of(Map.of("externalId", "household-1")));
    String a = customer(family);
    String b = customer(family);

    assertThat(ids(Map.of("and", equalsTo("customer_shared_email", "FAMILY@example.com"))))
        .containsExactly(a, b);
    assertThat(ids(Map.of("and", equalsTo("customer_shared_phone", "15555550199"))))
        .containsExactly(a, b);
    assertThat(ids(Map.of("and", equalsTo("customer_shared_externalId", "household-1"))))
        .containsExactly(a, b);
    assertThat(ids(Map.of("and", equalsTo("customer_email", "family@example.com")))).isEmpty();
    assertThat(ids(Map.of("and", equalsTo("customer_phone", "15555550199")))).isEmpty();
    assertThat(ids(Map.of("and", equalsTo("customer_externalId", "household-1")))).isEmpty();
  }

  @Test
  void andOrNotAndNestedClausesCombine() {
    String gold =
        customer(
            Map.of(
                "emails", List.of(Map.of("email", "a@example.com")),
                "custom", Map.of("tierStr", "gold", "visitsNum", 3)));
    String silver =
        customer(
            Map.of(
                "emails", List.of(Map.of("email", "b@example.com")),
                "custom", Map.of("tierStr", "silver", "visitsNum", 3)));
    customer(Map.of("emails", List.of(Map.of("email", "c@example.com"))));
    Map<String, Object> aOrB =
        Map.of(
            "or",
            List.of(
                equalsTo("customer_email", "a@example.com"),
                equalsTo("customer_email", "b@example.com")));

    assertThat(ids(Map.of("and", List.of(aOrB)))).containsExactly(gold, silver);
    assertThat(ids(Map.of("and", List.of(aOrB, equalsTo("customer_custom_tierStr", "gold")))))
        .containsExactly(gold);
    assertThat(
            ids(Map.of("and", List.of(aOrB), "not", equalsTo("customer_custom_tierStr", "gold"))))
        .containsExactly(silver);
    assertThat(ids(Map.of("and", equalsTo("customer_custom_visitsNum", 3.0))))
        .containsExactly(gold, silver);
    // The OpenAPI example sends an empty "or" beside "and": it restricts nothing.
    assertThat(
            ids(
                Map.of(
                    "and",
                    List.of(equalsTo("customer_custom_tierStr", "silver")),
                    "or",
                    List.of())))
        .containsExactly(silver);
    assertThat(ids(Map.of("queryContext", "customer"))).hasSize(3);
  }

  @Test
  void fieldsNameTheAttributesEachHitCarries() {
    customer(
        Map.of(
            "name",
            "Ada",
            "externalId",
            "c-1",
            "emails",
            List.of(Map.of("email", "ada@example.com")),
            "custom",
            Map.of("tierStr", "gold")));
    Map<String, Object> criteria = equalsTo("customer_externalId", "c-1");

    JsonNode all = search(Map.of("and", criteria)).data().path(0).path("attributes");
    JsonNode some =
        search(
                Map.of(
                    "and",
                    criteria,
                    "fields",
                    List.of(Map.of("name", "emails"), Map.of("name", "externalId"))))
            .data()
            .path(0)
            .path("attributes");

    assertThat(all.path("name").asText()).isEqualTo("Ada");
    assertThat(all.path("custom").path("tierStr").asText()).isEqualTo("gold");
    assertThat(all.path("rev").asInt()).isEqualTo(1);
    assertThat(some.properties())
        .extracting(Map.Entry::getKey)
        .containsOnly("emails", "externalId");
    assertThat(some.path("emails").path(0).path("email").asText()).isEqualTo("ada@example.com");
  }

  @Test
  void pagesAreChosenByPageAndPageSizeAndSortedAsAsked() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(customer(Map.of("custom", Map.of("batchStr", "b"))));
    }
    Map<String, Object> body = Map.of("and", equalsTo("customer_custom_batchStr", "b"));

    var first = http.post("/v1/customers/search?page=1&pageSize=2", body);
    var last = http.post("/v1/customers/search?page=3&pageSize=2", body);
    var newestFirst =
        http.post(
            "/v1/customers/search?pageSize=5",
            Map.of(
                "and",
                equalsTo("customer_custom_batchStr", "b"),
                "sort",
                List.of(Map.of("customer_created_at", "desc"))));

    assertThat(hitIds(first)).containsExactlyElementsOf(created.subList(0, 2));
    assertThat(first.json().path("meta").path("totalPages").asInt()).isEqualTo(3);
    assertThat(first.json().path("links").path("next").asText())
        .isEqualTo("/v1/customers/search?page=2&pageSize=2");
    assertThat(hitIds(last)).containsExactly(created.get(4));
    assertThat(last.json().path("links").path("next").isNull()).isTrue();
    assertThat(last.json().path("links").path("last").asText())
        .isEqualTo("/v1/customers/search?page=3&pageSize=2");
    // Created within the same millisecond, the id (increasing) orders them.
    List<String> newestIds = new ArrayList<>(created);
    Collections.reverse(newestIds);
    assertThat(hitIds(newestFirst)).containsExactlyElementsOf(newestIds);
  }

  @Test
  void kobjectsOfAKlassAreSearchedByCustomAttributesOnly() {
    http.post("/v1/klasses", Map.of("name", "order"));
    String customerId = customer(Map.of("externalId", "c-1"));
    String order =
        http.post(
                "/v1/customers/" + customerId + "/klasses/order",
                Map.of(
                    "title", "Order 1",
                    "externalId", "AB-1",
                    "custom", Map.of("orderNumberStr", "AB-1", "totalNum", 20)))
            .data()
            .path("id")
            .asText();
    http.post(
        "/v1/customers/" + customerId + "/klasses/order",
        Map.of("title", "Order 2", "custom", Map.of("orderNumberStr", "AB-2")));

    var hit =
        search(
            Map.of(
                "queryContext",
                "kobject_order",
                "and",
                List.of(equalsTo("kobject_custom_order_orderNumberStr", "AB-1"))));

    assertThat(hitIds(hit)).containsExactly(order);
    assertThat(hit.data().path(0).path("type").asText()).isEqualTo("kobject.order");
    assertThat(hit.data().path(0).path("attributes").path("externalId").asText()).isEqualTo("AB-1");
    // openapi.json names no KObject externalId search attribute, so the emulator has none.
    var byExternalId =
        search(
            Map.of(
                "queryContext",
                "kobject_order",
                "and",
                equalsTo("kobject_order_externalId", "AB-1")));
    assertThat(byExternalId.status()).isEqualTo(400);
    assertThat(byExternalId.json().path("errors").path(0).path("meta").path("pointer").asText())
        .isEqualTo("/and/kobject_order_externalId");
    assertThat(byExternalId.json().path("errors").path(0).path("message").asText())
        .contains("kobject_custom_order_<attribute>");
    var unknownKlass =
        search(
            Map.of(
                "queryContext",
                "kobject_shipment",
                "and",
                equalsTo("kobject_custom_shipment_trackingStr", "1")));
    assertThat(unknownKlass.status()).isEqualTo(404);
  }

  @Test
  void queriesOutsideTheEmulatedSubsetAreRefusedWithAPointer() {
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      tooMany.add(equalsTo("customer_externalId", "c-" + i));
    }
    Map<String, Object> twoKeys = new HashMap<>(equalsTo("customer_email", "a@example.com"));
    twoKeys.putAll(equalsTo("customer_phone", "15555550100"));
    Map<String, Map<String, Object>> refused =
        Map.of(
            "/and/customer_email",
            Map.of("and", Map.of("customer_email", Map.of("contains", "a@"))),
            "/and/customer_name",
            Map.of("and", equalsTo("customer_name", "Ada")),
            "/queryContext",
            Map.of("queryContext", "conversation"),
            "/or",
            Map.of("or", tooMany),
            "/and/0",
            Map.of("and", List.of(twoKeys)),
            "/and/customer_phone/equals",
            Map.of("and", equalsTo("customer_phone", "555-0100")),
            "/and/customer_email/equals",
            Map.of("and", equalsTo("customer_email", "not an email")),
            "/limit",
            Map.of("limit", 5),
            "/fields/0/field",
            Map.of("fields", List.of(Map.of("field", "emails"))));

    refused.forEach(
        (pointer, body) -> {
          var r = search(body);
          assertThat(r.status()).as(body.toString()).isEqualTo(400);
          String at = r.json().path("errors").path(0).path("meta").path("pointer").asText();
          assertThat(at).as(r.body()).startsWith(pointer);
        });
    assertThat(http.post("/v1/customers/search?page=101", Map.of()).status()).isEqualTo(400);
    assertThat(http.post("/v1/customers/search?pageSize=501", Map.of()).status()).isEqualTo(400);
  }
}
