package dev.kobjectingest.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULES = "../mapping-rules";
  private static final String ORDER = "../mapping-rules/examples/order.json";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return IngestCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void validateListsWhatEachFileMaps() {
    assertThat(run("rules", "validate", RULES)).isZero();
    assertThat(out.toString())
        .contains("ok  orders.yaml: order events from topic orders.raw")
        .contains("3 rule file(s) valid");
  }

  @Test
  void validateListsEveryProblemAndExitsOne(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("o.yaml"),
        "topic: o\nkind: order\norderId: id\ncustomer: {email: e}\norder: {title: t, custom: {total: x}}\n");

    assertThat(run("rules", "validate", dir.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("o.yaml: version: required")
        .contains("o.yaml: order.custom.total:");
    assertThat(err.toString().strip()).startsWith("error: 2 problem(s)").doesNotContain("\n");
  }

  @Test
  void previewOfTheSeedOrderShowsATypedOrderWithItsLineItems() throws Exception {
    assertThat(run("rules", "preview", "--rules", RULES, "--payload", ORDER)).isZero();

    JsonNode result = JSON.readTree(out.toString());
    JsonNode create = find(result, "POST", "/v1/customers/<customer-id>/klasses/order");
    assertThat(create.path("body").path("externalId").asText()).isEqualTo("AB-1234");
    JsonNode custom = create.path("body").path("custom");
    assertThat(custom.path("totalPriceNum").isNumber()).isTrue();
    assertThat(custom.path("orderCreatedAt").asText()).isEqualTo("2019-05-03T19:47:31Z");
    assertThat(custom.path("orderStatusStr").asText()).isEqualTo("received");
    assertThat(create.path("body").path("data").path("line_items")).hasSize(2);
    assertThat(result.path("requests").path(0).path("path").asText())
        .isEqualTo("/v1/customers/email=janedoe@example.com");
  }

  @Test
  void previewInTheRelModelShowsItemObjectsAndACompleteItemsRel() throws Exception {
    assertThat(run("rules", "preview", "--rules", RULES, "--model", "rel", "--payload", ORDER))
        .isZero();

    JsonNode result = JSON.readTree(out.toString());
    JsonNode itemCreate = find(result, "POST", "/v1/customers/<customer-id>/klasses/order-item");
    assertThat(itemCreate.path("body").path("custom").path("orderRel").asText())
        .isEqualTo("<order-id>");
    List<JsonNode> puts = findAll(result, "PUT", "/v1/klasses/order/<order-id>");
    JsonNode last = puts.get(puts.size() - 1);
    assertThat(last.path("body").path("custom").path("itemsRel"))
        .extracting(JsonNode::asText)
        .containsExactly("<order-item-id AB-1234:1234-01>", "<order-item-id AB-1234:1234-02>");
  }

  @Test
  void previewSaysWhyAPayloadWouldBeDeadLettered(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad, Files.readString(Path.of(ORDER)).replace("\"grand\": 36", "\"grand\": \"a lot\""));

    assertThat(
            run(
                "rules",
                "preview",
                "--rules",
                RULES,
                "--payload",
                bad.toString(),
                "--topic",
                "orders.raw"))
        .isEqualTo(1);
    assertThat(
            JSON.readTree(out.toString())
                .path("events")
                .path(0)
                .path("deadLetter")
                .path("reason")
                .asText())
        .isEqualTo("invalid-value");
    assertThat(err.toString()).contains("order.custom.totalPriceNum");
  }

  @Test
  void previewExplainsADeadLetterWithoutTopicWhenTheRuleMatches(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad, Files.readString(Path.of(ORDER)).replace("\"grand\": 36", "\"grand\": \"a lot\""));

    assertThat(run("rules", "preview", "--rules", RULES, "--payload", bad.toString())).isEqualTo(1);

    JsonNode dl = JSON.readTree(out.toString()).path("events").path(0).path("deadLetter");
    assertThat(dl.path("reason").asText()).isEqualTo("invalid-value");
    assertThat(dl.path("field").asText()).isEqualTo("order.custom.totalPriceNum");
    assertThat(dl.path("value").asText()).isEqualTo("a lot");
    assertThat(err.toString()).contains("would be dead-lettered").doesNotContain("--topic");
  }

  @Test
  void previewSaysWhyEachRuleDoesNotMatch(@TempDir Path dir) throws Exception {
    Path odd = dir.resolve("odd.json");
    Files.writeString(odd, "{\"id\": 1}");

    assertThat(run("rules", "preview", "--rules", RULES, "--payload", odd.toString())).isNotZero();

    assertThat(err.toString())
        .contains("no rule maps this payload; why each rule does not:")
        .contains("orders.raw (orders.yaml): orderId: the payload has no value for it")
        .contains("shipments.raw (shipments.yaml): orderId:")
        .contains("line-items.raw (line-items.yaml): orderId:");
  }

  @Test
  void previewOfATopLevelArrayWithoutSplitSaysHow(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("list.json");
    Files.writeString(list, "[" + Files.readString(Path.of(ORDER)) + "]");

    assertThat(
            run(
                "rules",
                "preview",
                "--rules",
                RULES,
                "--payload",
                list.toString(),
                "--topic",
                "orders.raw"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("it is a JSON array").contains("split: $");
  }

  @Test
  void previewShowsSkippedEventsAndExitsZero() throws Exception {
    String woo = "../mapping-rules/examples/woocommerce";
    assertThat(run("rules", "preview", "--rules", woo, "--payload", woo + "/payloads/draft.json"))
        .isZero();
    JsonNode ev = JSON.readTree(out.toString()).path("events").path(0);
    assertThat(ev.path("skipped").asText()).startsWith("when: ");
    assertThat(JSON.readTree(out.toString()).path("requests")).isEmpty();
  }

  @Test
  void previewOfASplitRecordShowsOneEventPerElement() throws Exception {
    String bc = "../mapping-rules/examples/bigcommerce";
    assertThat(
            run(
                "rules",
                "preview",
                "--rules",
                bc,
                "--payload",
                bc + "/payloads/order.json",
                "--payload",
                bc + "/payloads/products.json"))
        .isZero();
    JsonNode result = JSON.readTree(out.toString());
    assertThat(result.path("events").path(1).path("element").asInt()).isZero();
    assertThat(result.path("events").path(2).path("element").asInt()).isEqualTo(1);
    JsonNode create = find(result, "POST", "/v1/customers/<customer-id>/klasses/order");
    assertThat(create.path("body").path("data").path("lineItems")).hasSize(2);
  }

  @Test
  void validateWarnsAboutIdsThatConcatenateFields() {
    assertThat(run("rules", "validate", "../mapping-rules/examples/bigcommerce")).isZero();
    assertThat(out.toString())
        .contains(
            "warning  products.yaml: orderId: 'bc-' & $string(order_id) concatenates order_id");
  }

  /**
   * A phone-only customer: its identity is the E.164 phone, looked up as {@code phone=+1...} (a
   * literal plus in a path segment); the emulator, like Kustomer, finds it by that path, by its
   * percent-encoded form and by the digits.
   */
  @Test
  void aPhoneOnlyCustomerIsLookedUpInE164ByTheEmulator() throws Exception {
    String woo = "../mapping-rules/examples/woocommerce";
    assertThat(run("rules", "preview", "--rules", woo, "--payload", woo + "/payloads/order.json"))
        .isZero();
    JsonNode calls = JSON.readTree(out.toString()).path("requests");
    assertThat(calls.path(0).path("path").asText()).isEqualTo("/v1/customers/phone=+15555555555");
    try (KustomerEmulator emulator = KustomerEmulator.start(EmulatorConfig.defaults())) {
      execute(emulator, calls);

      assertThat(emulator.stats().path("customers").asInt()).isEqualTo(1);
      for (String path :
          List.of(
              "/v1/customers/phone=+15555555555",
              "/v1/customers/phone=%2B15555555555",
              "/v1/customers/phone=15555555555")) {
        HttpResponse<String> r = send(emulator, "GET", path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(
                JSON.readTree(r.body())
                    .path("data")
                    .path("attributes")
                    .path("phones")
                    .path(0)
                    .path("phone")
                    .asText())
            .isEqualTo("+15555555555");
      }
      assertThat(emulator.stats().path("duplicateCustomers").asInt()).isZero();
    }
  }

  /**
   * The planned requests, carried out against the emulator, are all accepted: the bodies are valid
   * Kustomer.
   */
  @Test
  void previewedRequestsAreAcceptedByKustomerInBothModels() throws Exception {
    for (String model : List.of("nested", "rel")) {
      out.getBuffer().setLength(0);
      assertThat(
              run(
                  "rules",
                  "preview",
                  "--rules",
                  RULES,
                  "--model",
                  model,
                  "--payload",
                  ORDER,
                  "--payload",
                  "../mapping-rules/examples/shipment.json",
                  "--payload",
                  "../mapping-rules/examples/line-item.json"))
          .isZero();
      try (KustomerEmulator emulator = KustomerEmulator.start(EmulatorConfig.defaults())) {
        execute(emulator, JSON.readTree(out.toString()).path("requests"));

        JsonNode orders = get(emulator, "/__emulator/klasses/order/objects").path("data");
        assertThat(orders).hasSize(1);
        JsonNode order = orders.get(0).path("attributes");
        assertThat(order.path("custom").path("shippingStatusStr").asText()).isEqualTo("in_transit");
        if (model.equals("rel")) {
          assertThat(order.path("custom").path("itemsRel")).hasSize(2);
          assertThat(get(emulator, "/__emulator/klasses/order-item/objects").path("data"))
              .hasSize(2);
        } else {
          assertThat(order.path("data").path("line_items").path(1).path("quantity").asInt())
              .isEqualTo(3);
        }
        assertThat(emulator.stats().path("duplicateKObjects").asInt()).isZero();
      }
    }
  }

  private static void execute(KustomerEmulator emulator, JsonNode calls) throws Exception {
    post(emulator, "/v1/klasses", "{\"name\":\"order\"}");
    post(emulator, "/v1/klasses", "{\"name\":\"order-item\"}");
    Map<String, String> ids = new HashMap<>();
    int lastStatus = 0;
    boolean allCustomerLookupsMissed = true;
    String lastLookupTarget = null;
    for (JsonNode c : calls) {
      String when = c.path("when").asText("");
      boolean run =
          when.isEmpty()
              || when.startsWith("always")
              || when.startsWith("once")
              || (when.startsWith("404 above") && lastStatus == 404)
              || (when.startsWith("200 above") && lastStatus == 200)
              || (when.startsWith("every lookup") && allCustomerLookupsMissed);
      if (!run) {
        continue;
      }
      String path = resolve(c.path("path").asText(), ids);
      String body = c.has("body") ? resolve(JSON.writeValueAsString(c.path("body")), ids) : null;
      HttpResponse<String> r = send(emulator, c.path("method").asText(), path, body);
      boolean lookup = c.path("method").asText().equals("GET");
      assertThat(r.statusCode())
          .as(c.path("method").asText() + " " + path + " -> " + r.body())
          .isIn(lookup ? List.of(200, 404) : List.of(200, 201));
      if (c.path("method").asText().equals("GET")) {
        lastStatus = r.statusCode();
        lastLookupTarget = placeholderFor(c.path("path").asText());
        if (path.startsWith("/v1/customers/") && r.statusCode() == 200) {
          allCustomerLookupsMissed = false;
        }
      }
      if (r.statusCode() < 300 && !r.body().isEmpty()) {
        JsonNode data = JSON.readTree(r.body()).path("data");
        String target =
            c.path("method").asText().equals("GET")
                ? lastLookupTarget
                : placeholderFor(c.path("path").asText(), c.path("body"));
        if (target != null && data.has("id")) {
          ids.put(target, data.path("id").asText());
        }
      }
    }
  }

  /** Which placeholder a lookup or create fills. */
  private static String placeholderFor(String path) {
    return placeholderFor(path, null);
  }

  private static String placeholderFor(String path, JsonNode body) {
    if (path.startsWith("/v1/customers/") && !path.contains("/klasses/")) {
      return "<customer-id>";
    }
    if (path.equals("/v1/customers")) {
      return "<customer-id>";
    }
    Matcher m = Pattern.compile("/klasses/([^/]+)(/externalId=(.*))?$").matcher(path);
    if (!m.find()) {
      return null;
    }
    String klass = m.group(1);
    String ext =
        m.group(3) != null
            ? m.group(3)
            : body == null ? null : body.path("externalId").asText(null);
    return klass.equals("order") ? "<order-id>" : "<order-item-id " + ext + ">";
  }

  private static String resolve(String text, Map<String, String> ids) {
    String r = text;
    for (Map.Entry<String, String> e : ids.entrySet()) {
      r = r.replace(e.getKey(), e.getValue());
    }
    return r;
  }

  private static JsonNode get(KustomerEmulator emulator, String path) throws Exception {
    return JSON.readTree(send(emulator, "GET", path, null).body());
  }

  private static void post(KustomerEmulator emulator, String path, String body) throws Exception {
    assertThat(send(emulator, "POST", path, body).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> send(
      KustomerEmulator emulator, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    emulator.baseUrl()
                        + path.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")))
            .header("Authorization", "Bearer " + emulator.config().apiKey())
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode find(JsonNode result, String method, String path) {
    List<JsonNode> all = findAll(result, method, path);
    assertThat(all).as(method + " " + path).isNotEmpty();
    return all.get(0);
  }

  private static List<JsonNode> findAll(JsonNode result, String method, String path) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode c : result.path("requests")) {
      if (c.path("method").asText().equals(method) && c.path("path").asText().equals(path)) {
        out.add(c);
      }
    }
    return out;
  }
}
