package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule features one by one, on small rules and payloads (no Kafka). */
class RuleFeaturesTest {
  private static final String ORDER_RULE =
      """
      topic: o
      kind: order
      orderId: id
      version: v
      customer: {externalId: cid, email: email, phone: phone, phoneRegion: US}
      order:
        title: "'#' & id"
        custom: {noteStr: note, shippedAt: shipped}
        data:
          lines[]: "lines.{'t': t}"
          one: "lines.{'t': t}"
      """;

  private static SourceRule rule(String yaml) throws RuleProblems {
    // A set needs an order rule; line-item rules under test get one on another topic.
    return RuleLoader.fromSources(
            Map.of("o.yaml", yaml, "z.yaml", ORDER_RULE.replace("topic: o", "topic: z")))
        .forTopic("o");
  }

  private static MappedRecord map(String yaml, String payload) throws RuleProblems {
    return new EventMapper(rule(yaml)).mapRecord(payload.getBytes(StandardCharsets.UTF_8));
  }

  private static MappedEvent event(String yaml, String payload) throws Exception {
    return new EventMapper(rule(yaml)).map(payload.getBytes(StandardCharsets.UTF_8));
  }

  private static MappingException failure(String yaml, String payload) throws Exception {
    MappedRecord.Outcome o = map(yaml, payload).outcomes().get(0);
    assertThat(o).isInstanceOf(MappedRecord.Failed.class);
    return ((MappedRecord.Failed) o).error();
  }

  @Test
  void phonesAreReadInTheRegionAndSentInE164() {
    assertThat(Phones.e164("+1 (512) 555-0100", "US")).isEqualTo("+15125550100");
    assertThat(Phones.e164("(512) 555-0100", "US")).isEqualTo("+15125550100");
    assertThat(Phones.e164("512.555.0100", "us")).isEqualTo("+15125550100");
    assertThat(Phones.e164("020 7946 0958", "GB")).isEqualTo("+442079460958");
    assertThat(Phones.e164("+44 20 7946 0958", "US")).isEqualTo("+442079460958");
    assertThat(Phones.e164("0151 12345678", "DE")).isEqualTo("+4915112345678");
    assertThat(Phones.e164("(512) 555-0100", null)).as("no region, no country code").isNull();
    assertThat(Phones.e164("+15125550100", null)).isEqualTo("+15125550100");
    assertThat(Phones.e164("12", "US")).isNull();
    assertThat(Phones.e164("call me", "US")).isNull();
    assertThat(Phones.e164("1".repeat(65), "US")).isNull();
    assertThat(Phones.isRegion("us")).isTrue();
    assertThat(Phones.isRegion("XX")).isFalse();
  }

  @Test
  void sentinelsAreComparedAsText() {
    AbsentValues a = new AbsentValues(true, Map.of("customer.externalId", List.of("0")));
    assertThat(a.isAbsent("customer.externalId", 0)).isTrue();
    assertThat(a.isAbsent("customer.externalId", 0.0)).isTrue();
    assertThat(a.isAbsent("customer.externalId", "0")).isTrue();
    assertThat(a.isAbsent("customer.externalId", 10)).isFalse();
    assertThat(a.isAbsent("customer.email", 0)).as("another field").isFalse();
    assertThat(a.isAbsent("customer.email", " ")).isTrue();
    assertThat(new AbsentValues(false, Map.of()).isAbsent("x", "")).isFalse();
    AbsentValues group = new AbsentValues(true, Map.of("order.custom", List.of("n/a")));
    assertThat(group.isAbsent("order.custom.noteStr", "n/a")).isTrue();
    assertThat(group.isAbsent("order.customer", "n/a")).isFalse();
    assertThat(AbsentValues.canonical("1e999999999")).isEqualTo("1e999999999");
  }

  /** Pins how the library shows its nodes: an upgrade that changes it fails here, not silently. */
  @Test
  void aConcatenationWithAMissingOperandIsSeen() throws Exception {
    Map<String, Object> payload = Map.of("order_id", 7, "empty", "", "zero", 0);
    assertThat(traced("'bc-' & $string(order_id)", payload).missingOperand()).isNull();
    assertThat(traced("'bc-' & $string(order_id)", payload).value()).isEqualTo("bc-7");
    assertThat(traced("'bc-' & $string(nope)", payload).missingOperand()).isEqualTo("nope");
    assertThat(traced("'bc-' & a.b.c", payload).missingOperand()).isEqualTo("a");
    assertThat(traced("'x-' & empty", payload).missingOperand()).isEqualTo("empty");
    assertThat(traced("$uppercase('x-' & nope)", payload).missingOperand()).isEqualTo("nope");
    assertThat(traced("'a' & '-' & $string(order_id)", payload).missingOperand()).isNull();
    assertThat(traced("$exists(nope) ? 'x-' & nope : 'none'", payload).missingOperand()).isNull();
    assertThat(traced("nope ?: 'x-' & order_id", payload).missingOperand()).isNull();
    Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("id", null);
    assertThat(traced("'x-' & id", withNull).missingOperand()).isEqualTo("id");
  }

  private static Expression.Traced traced(String source, Map<String, Object> payload)
      throws MappingException {
    return Expression.compile("orderId", source)
        .evaluateTraced(payload, Map.of(), v -> v instanceof String s && s.isBlank());
  }

  @Test
  void emptyStringsAreMissingUnlessTheRuleSwitchesThatOff() throws Exception {
    String payload =
        "{\"id\":\"A1\",\"v\":1,\"email\":\"\",\"phone\":\"(512) 555-0100\",\"note\":\"\",\"shipped\":\"\"}";
    MappedEvent e = event(ORDER_RULE, payload);
    assertThat(e.customer().email()).isNull();
    assertThat(e.customer().phone()).isEqualTo("+15125550100");
    assertThat(e.order().custom().get("noteStr").isNull()).isTrue();
    assertThat(e.order().custom().get("shippedAt").isNull()).isTrue();

    MappingException off = failure(ORDER_RULE + "absent: {emptyStrings: false}\n", payload);
    assertThat(off.reason()).isEqualTo(MappingException.Reason.INVALID_VALUE);
    assertThat(off.field()).isEqualTo("customer.email");
  }

  @Test
  void aSentinelMakesTheExternalIdAbsent() throws Exception {
    String rule = ORDER_RULE + "absent: {values: {customer.externalId: [0]}}\n";
    MappedEvent e = event(rule, "{\"id\":\"A1\",\"v\":1,\"cid\":0,\"email\":\"a@example.com\"}");
    assertThat(e.customer().externalId()).isNull();
    assertThat(e.customer().key()).isEqualTo("email:a@example.com");
  }

  @Test
  void declaredListsKeepTheirShape() throws Exception {
    JsonNode one =
        event(ORDER_RULE, "{\"id\":\"A\",\"v\":1,\"email\":\"a@b.co\",\"lines\":[{\"t\":1}]}")
            .order()
            .data();
    assertThat(one.path("lines").isArray()).isTrue();
    assertThat(one.path("one").isObject()).as("undeclared: JSONata's singleton").isTrue();
    JsonNode none = event(ORDER_RULE, "{\"id\":\"A\",\"v\":1,\"email\":\"a@b.co\"}").order().data();
    assertThat(none.path("lines").isArray()).isTrue();
    assertThat(none.path("lines")).isEmpty();
  }

  @Test
  void whenSkipsAndSplitMapsEachElement() throws Exception {
    String rule =
        """
        topic: o
        kind: line-item
        split: items
        when: "$not(hidden = true)"
        orderId: "$record.order"
        itemId: sku
        version: "1"
        item: {title: sku}
        """;
    MappedRecord r =
        map(
            rule,
            "{\"order\":\"O1\",\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\",\"hidden\":true},7]}");
    assertThat(r.outcomes()).hasSize(3);
    assertThat(r.outcomes().get(0)).isInstanceOf(MappedRecord.Mapped.class);
    assertThat(((MappedRecord.Mapped) r.outcomes().get(0)).event().orderId()).isEqualTo("O1");
    assertThat(r.outcomes().get(1)).isInstanceOf(MappedRecord.Skipped.class);
    MappedRecord.Failed f = (MappedRecord.Failed) r.outcomes().get(2);
    assertThat(f.element()).isEqualTo(2);
    assertThat(f.error().getMessage()).startsWith("element 2: split: the element is a number");
    // One element comes back from JSONata as itself; it is still one event.
    assertThat(map(rule, "{\"order\":\"O1\",\"items\":{\"sku\":\"a\"}}").outcomes()).hasSize(1);
    assertThat(map(rule, "{\"order\":\"O1\"}").outcomes())
        .singleElement()
        .isInstanceOf(MappedRecord.Skipped.class);
    assertThat(map(rule, "null").outcomes().get(0)).isInstanceOf(MappedRecord.Failed.class);
  }

  @Test
  void tooManyEventsInOneRecordIsADeadLetter() throws Exception {
    String rule =
        "topic: o\nkind: line-item\nsplit: $\norderId: o\nitemId: s\nversion: \"1\"\nitem: {title: s}\n";
    String many = "[" + "{\"o\":\"1\",\"s\":\"x\"},".repeat(1_000) + "{\"o\":\"1\",\"s\":\"y\"}]";
    MappingException e = failure(rule, many);
    assertThat(e.field()).isEqualTo("split");
    assertThat(e.reason()).isEqualTo(MappingException.Reason.RULE_VIOLATION);
  }

  @Test
  void aTimeZoneReadsLocalTimesAndDates() throws Exception {
    String rule = ORDER_RULE.replace("topic: o", "topic: o\ntimeZone: Europe/Berlin");
    MappedEvent e =
        event(
            rule,
            "{\"id\":\"A\",\"v\":\"2024-07-01 12:00\",\"email\":\"a@b.co\",\"shipped\":\"2024-01-15\"}");
    assertThat(e.version())
        .isEqualTo(java.time.Instant.parse("2024-07-01T10:00:00Z").toEpochMilli());
    assertThat(e.order().custom().get("shippedAt").asText()).isEqualTo("2024-01-14T23:00:00Z");
    MappedEvent offset =
        event(rule, "{\"id\":\"A\",\"v\":\"2024-07-01T12:00:00Z\",\"email\":\"a@b.co\"}");
    assertThat(offset.version())
        .as("an explicit offset wins")
        .isEqualTo(java.time.Instant.parse("2024-07-01T12:00:00Z").toEpochMilli());
  }

  @Test
  void theLoaderChecksTheNewKeys() {
    RuleProblems p =
        catchThrowableOfType(
            RuleProblems.class,
            () ->
                RuleLoader.fromSources(
                    Map.of(
                        "o.yaml",
                        ORDER_RULE.replace("phoneRegion: US", "phoneRegion: Texas")
                            + "timeZone: Mars/Olympus\n"
                            + "when: \"status =\"\n"
                            + "absent: {emptyStrings: maybe, values: {customer.nickname: [0], order.custom: [{a: 1}]}}\n")));
    assertThat(p.problems())
        .anyMatch(s -> s.startsWith("o.yaml: customer.phoneRegion: 'Texas' is not a region code"))
        .anyMatch(s -> s.startsWith("o.yaml: timeZone: 'Mars/Olympus' is not a time zone"))
        .anyMatch(s -> s.startsWith("o.yaml: when: expression does not compile"))
        .anyMatch(s -> s.startsWith("o.yaml: absent.emptyStrings: must be true or false"))
        .anyMatch(
            s -> s.startsWith("o.yaml: absent.values.customer.nickname: not a field of this rule"))
        .anyMatch(
            s -> s.startsWith("o.yaml: absent.values.order.custom: sentinels are plain values"));
  }

  @Test
  void theLoaderWarnsAboutConcatenatedIdsAndPhonesWithoutARegion() throws Exception {
    RuleSet rules =
        RuleLoader.fromSources(
            Map.of(
                "o.yaml",
                ORDER_RULE
                    .replace("orderId: id", "orderId: \"'bc-' & $string(order_id)\"")
                    .replace(", phoneRegion: US", "")));
    assertThat(rules.warnings())
        .anyMatch(
            w -> w.startsWith("o.yaml: orderId: 'bc-' & $string(order_id) concatenates order_id"))
        .anyMatch(w -> w.startsWith("o.yaml: customer.phone: no phoneRegion"));
    RuleSet configured =
        RuleLoader.fromSources(
            Map.of("o.yaml", ORDER_RULE.replace(", phoneRegion: US", "")), new RuleDefaults("GB"));
    assertThat(configured.warnings()).isEmpty();
    assertThat(configured.forTopic("o").customer().phoneRegion()).isEqualTo("GB");
  }
}
