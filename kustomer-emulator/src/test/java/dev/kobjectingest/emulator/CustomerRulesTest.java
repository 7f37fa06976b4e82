package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerRulesTest {
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

  private String create(Map<String, Object> body) {
    var r = http.post("/v1/customers", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.data().path("id").asText();
  }

  @Test
  void lookupsFindTheCustomerByEachIdentityAnd404WhenAbsent() {
    String id =
        create(
            Map.of(
                "name",
                "Ada",
                "externalId",
                "c-1",
                "emails",
                List.of(Map.of("email", "Ada@Example.com")),
                "phones",
                List.of(Map.of("phone", "+1 555 555 0100"))));

    assertThat(http.get("/v1/customers/email=ada@example.com").data().path("id").asText())
        .isEqualTo(id);
    assertThat(http.get("/v1/customers/phone=15555550100").data().path("id").asText())
        .isEqualTo(id);
    assertThat(http.get("/v1/customers/externalId=c-1").data().path("id").asText()).isEqualTo(id);
    assertThat(http.get("/v1/customers/" + id).data().path("attributes").path("name").asText())
        .isEqualTo("Ada");

    assertThat(http.get("/v1/customers/email=nobody@example.com").status()).isEqualTo(404);
    assertThat(http.get("/v1/customers/phone=19999999999").status()).isEqualTo(404);
    var missing = http.get("/v1/customers/externalId=nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("errors").path(0).path("status").asText()).isEqualTo("404");
    assertThat(http.get("/v1/customers/000000000000000000000000").status()).isEqualTo(404);
  }

  @Test
  void aSecondCustomerWithAnExistingEmailPhoneOrExternalIdIsRejectedWith409() {
    create(
        Map.of(
            "externalId", "c-1",
            "emails", List.of(Map.of("email", "a@example.com")),
            "phones", List.of(Map.of("phone", "15555550100"))));

    for (Map<String, Object> clash :
        List.<Map<String, Object>>of(
            Map.of("externalId", "c-1"),
            Map.of("emails", List.of(Map.of("email", "A@EXAMPLE.COM"))),
            Map.of("phones", List.of(Map.of("phone", "+1-555-555-0100"))),
            Map.of("externalIds", List.of(Map.of("externalId", "c-1"))))) {
      var r = http.post("/v1/customers", clash);
      assertThat(r.status()).as(clash.toString()).isEqualTo(409);
      assertThat(r.json().path("errors").path(0).path("code").asText()).isEqualTo("duplicate");
    }
    assertThat(emulator.stats().path("customers").asInt()).isEqualTo(1);
    assertThat(emulator.stats().path("duplicateCustomers").asInt()).isZero();
  }

  @Test
  void anUpdateCannotTakeAnotherCustomersIdentity() {
    create(Map.of("emails", List.of(Map.of("email", "a@example.com"))));
    String b = create(Map.of("emails", List.of(Map.of("email", "b@example.com"))));

    var r =
        http.patch(
            "/v1/customers/" + b, Map.of("emails", List.of(Map.of("email", "a@example.com"))));

    assertThat(r.status()).isEqualTo(409);
    assertThat(http.get("/v1/customers/email=b@example.com").data().path("id").asText())
        .isEqualTo(b);
  }

  @Test
  void putMergesByDefaultAndReplacesWithReplaceTrue() {
    String id = create(Map.of("name", "Ada", "locale", "en_US"));

    http.put("/v1/customers/" + id, Map.of("timeZone", "Europe/London"));
    var merged = http.get("/v1/customers/" + id).data().path("attributes");
    assertThat(merged.path("locale").asText()).isEqualTo("en_US");
    assertThat(merged.path("timeZone").asText()).isEqualTo("Europe/London");

    http.put("/v1/customers/" + id + "?replace=true", Map.of("name", "Ada L."));
    var replaced = http.get("/v1/customers/" + id).data().path("attributes");
    assertThat(replaced.path("name").asText()).isEqualTo("Ada L.");
    assertThat(replaced.has("locale")).isFalse();
    assertThat(replaced.path("rev").asInt()).isEqualTo(3);
  }

  @Test
  void createBodiesAreClosedAndTyped() {
    assertThat(http.post("/v1/customers", Map.of("nickname", "x")).status()).isEqualTo(400);
    assertThat(http.post("/v1/customers", Map.of("name", "x".repeat(257))).status()).isEqualTo(400);
    assertThat(
            http.post("/v1/customers", Map.of("emails", List.of(Map.of("type", "home")))).status())
        .isEqualTo(400);
    assertThat(http.post("/v1/customers", Map.of("gender", "x")).status()).isEqualTo(400);
    assertThat(http.post("/v1/customers", Map.of("signedUpAt", "yesterday")).status())
        .isEqualTo(400);
    assertThat(http.post("/v1/customers", "not json").status()).isEqualTo(400);
    var bad = http.post("/v1/customers", Map.of("custom", Map.of("tier", "gold")));
    assertThat(bad.status()).isEqualTo(400);
    // Validation errors use Kustomer's {code, message, meta} shape, pointing at the field.
    assertThat(bad.json().path("errors").path(0).path("code").asText()).isEqualTo("bad_request");
    assertThat(bad.json().path("errors").path(0).path("meta").path("pointer").asText())
        .isEqualTo("/custom/tier");
  }

  @Test
  void withUniquenessOffDuplicatesAreStoredAndCounted() {
    try (KustomerEmulator lax =
        KustomerEmulator.start(EmulatorConfig.defaults().withCustomerUniqueness(false))) {
      EmulatorHttp laxHttp = new EmulatorHttp(lax);
      laxHttp.post("/v1/customers", Map.of("externalId", "same"));
      laxHttp.post("/v1/customers", Map.of("externalId", "same"));

      assertThat(lax.stats().path("customers").asInt()).isEqualTo(2);
      assertThat(lax.stats().path("duplicateCustomers").asInt()).isEqualTo(1);
    }
  }

  @Test
  void sharedContactPointsAreStoredRenderedAndNeverUnique() {
    Map<String, Object> household =
        Map.of(
            "sharedEmails", List.of(Map.of("email", "family@example.com", "type", "home")),
            "sharedPhones", List.of(Map.of("phone", "+15555550199")),
            "sharedExternalIds", List.of(Map.of("externalId", "household-1")));
    String a = create(household);
    create(household);
    // A unique contact point may equal another customer's shared one.
    String owner =
        create(
            Map.of(
                "emails", List.of(Map.of("email", "family@example.com")),
                "sharedEmails", List.of(Map.of("email", "family@example.com"))));

    var rendered = http.get("/v1/customers/" + a).data().path("attributes");
    assertThat(rendered.path("sharedEmails").path(0).path("email").asText())
        .isEqualTo("family@example.com");
    assertThat(rendered.path("sharedEmails").path(0).path("type").asText()).isEqualTo("home");
    assertThat(rendered.path("sharedEmails").path(0).path("verified").asBoolean()).isFalse();
    assertThat(rendered.path("sharedPhones").path(0).path("phone").asText())
        .isEqualTo("+15555550199");
    assertThat(rendered.path("sharedPhones").path(0).path("type").asText()).isEqualTo("mobile");
    assertThat(rendered.path("sharedExternalIds").path(0).path("externalId").asText())
        .isEqualTo("household-1");
    assertThat(rendered.path("emails")).isEmpty();
    // The single lookups see unique contact points only.
    assertThat(http.get("/v1/customers/email=family@example.com").data().path("id").asText())
        .isEqualTo(owner);
    assertThat(http.get("/v1/customers/phone=15555550199").status()).isEqualTo(404);
    assertThat(http.get("/v1/customers/externalId=household-1").status()).isEqualTo(404);
    assertThat(emulator.stats().path("customers").asInt()).isEqualTo(3);
    assertThat(emulator.stats().path("duplicateCustomers").asInt()).isZero();
  }

  @Test
  void updatesStoreAndServeNameLocaleTagsCustomAndSharedContactPoints() {
    String id =
        create(
            Map.of(
                "name", "Ada",
                "emails", List.of(Map.of("email", "ada@example.com")),
                "custom", Map.of("tierStr", "silver", "visitsNum", 1)));

    assertThat(
            http.patch(
                    "/v1/customers/" + id,
                    Map.of(
                        "name", "Ada L.",
                        "locale", "en_GB",
                        "tags", List.of("vip"),
                        "custom", Map.of("tierStr", "gold"),
                        "sharedPhones", List.of(Map.of("phone", "+15555550199"))))
                .status())
        .isEqualTo(200);
    assertThat(
            http.put(
                    "/v1/customers/" + id + "?replace=false",
                    Map.of("custom", Map.of("visitsNum", 2)))
                .status())
        .isEqualTo(200);

    var merged = http.get("/v1/customers/" + id).data().path("attributes");
    assertThat(merged.path("name").asText()).isEqualTo("Ada L.");
    assertThat(merged.path("locale").asText()).isEqualTo("en_GB");
    assertThat(merged.path("tags").path(0).asText()).isEqualTo("vip");
    // custom merges per attribute, as a KObject PUT does.
    assertThat(merged.path("custom").path("tierStr").asText()).isEqualTo("gold");
    assertThat(merged.path("custom").path("visitsNum").asInt()).isEqualTo(2);
    assertThat(merged.path("sharedPhones").path(0).path("phone").asText())
        .isEqualTo("+15555550199");
    assertThat(merged.path("emails").path(0).path("email").asText()).isEqualTo("ada@example.com");
    assertThat(merged.path("rev").asInt()).isEqualTo(3);

    http.put("/v1/customers/" + id + "?replace=true", Map.of("custom", Map.of("visitsNum", 3)));
    var replaced = http.get("/v1/customers/" + id).data().path("attributes");
    assertThat(replaced.path("custom").has("tierStr")).isFalse();
    assertThat(replaced.path("emails")).isEmpty();
    assertThat(http.get("/v1/customers/email=ada@example.com").status()).isEqualTo(404);
    assertThat(emulator.stats().path("customerUpdates").asInt()).isEqualTo(3);
  }

  @Test
  void bulkCreatesAndUpdatesTakeSharedContactPointsAndKeepEmailsUnique() {
    String a = create(Map.of("emails", List.of(Map.of("email", "a@example.com"))));
    var created =
        http.post(
            "/v1/customers/bulk",
            List.of(
                Map.of(
                    "_clientRef", "1",
                    "externalId", "b",
                    "sharedEmails", List.of(Map.of("email", "a@example.com"))),
                Map.of(
                    "_clientRef", "2",
                    "externalId", "c",
                    "sharedEmails", List.of(Map.of("email", "a@example.com")))));
    JsonNode createResults = awaitResults(created);
    assertThat(createResults.findValuesAsText("status")).containsExactly("created", "created");
    String b = createResults.path(0).path("objectId").asText();

    var updated =
        http.put(
            "/v1/customers/bulk",
            List.of(
                Map.of(
                    "_clientRef",
                    "steal",
                    "id",
                    b,
                    "emails",
                    List.of(Map.of("email", "a@example.com"))),
                Map.of(
                    "_clientRef",
                    "share",
                    "id",
                    a,
                    "name",
                    "A",
                    "sharedPhones",
                    List.of(Map.of("phone", "15555550100")),
                    "custom",
                    Map.of("tierStr", "gold"))));
    JsonNode updateResults = awaitResults(updated);

    assertThat(updateResults.path(0).path("statusCode").asInt()).isEqualTo(409);
    assertThat(updateResults.path(1).path("status").asText()).isEqualTo("updated");
    var attributes = http.get("/v1/customers/" + a).data().path("attributes");
    assertThat(attributes.path("name").asText()).isEqualTo("A");
    assertThat(attributes.path("emails").path(0).path("email").asText()).isEqualTo("a@example.com");
    assertThat(attributes.path("sharedPhones").path(0).path("phone").asText())
        .isEqualTo("15555550100");
    assertThat(attributes.path("custom").path("tierStr").asText()).isEqualTo("gold");
    assertThat(http.get("/v1/customers/" + b).data().path("attributes").path("emails")).isEmpty();
    assertThat(emulator.stats().path("customerUpdates").asInt()).isEqualTo(1);
  }

  private JsonNode awaitResults(EmulatorHttp.Exchange accepted) {
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    String job = accepted.data().path("id").asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/v1/bulk/" + job)
                    .data()
                    .path("attributes")
                    .path("completed")
                    .asBoolean());
    return http.get("/v1/bulk/" + job + "/batches")
        .data()
        .path(0)
        .path("attributes")
        .path("results");
  }
}
