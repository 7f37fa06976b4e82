package dev.kobjectingest.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a payload holds, mapping it either yields an event or a {@link MappingException} with a
 * reason: no other exception escapes, and whatever it yields can be written as JSON.
 */
class EventMapperPropertiesTest {
  private static String order;
  private static RuleSet rules;

  @BeforeContainer
  static void load() throws Exception {
    Path shipped = Path.of("..", "mapping-rules");
    order = Files.readString(shipped.resolve("examples").resolve("order.json"));
    rules = RuleLoader.load(shipped);
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    return PoisonPayloads.payload(order);
  }

  @Property(tries = 2_000)
  void everyPayloadMapsToAnEventOrAReason(@ForAll("payloads") byte[] payload) throws Exception {
    for (SourceRule rule : rules.byTopic().values()) {
      EventMapper mapper = new EventMapper(rule);
      try {
        MappedEvent event = mapper.map(payload);
        EventValidator.validate(event, WriteModel.NESTED);
        // What the topology writes to its repartition topic must be writable.
        assertThat(Payloads.JSON.writeValueAsBytes(event)).isNotEmpty();
      } catch (MappingException e) {
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<String> values() {
    return PoisonPayloads.poisonValue();
  }

  @Provide
  Arbitrary<String> attributes() {
    return Arbitraries.of("totalNum", "placedAt", "noteStr", "bodyTxt", "giftBool", "linkUrl");
  }

  @Property(tries = 3_000)
  void coercionYieldsAFiniteValueOrAReason(
      @ForAll("attributes") String attribute, @ForAll("values") String json) throws Exception {
    Object value;
    try {
      value = Payloads.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (MappingException e) {
      return; // not a value the parser lets through
    }
    try {
      JsonNode out = Coercion.coerce(attribute, value, "order.custom." + attribute);
      if (out.isNumber()) {
        assertThat(Double.isFinite(out.doubleValue())).isTrue();
        assertThat(Math.abs(out.doubleValue())).isLessThanOrEqualTo(9.007199254740991e15);
      }
      if (attribute.endsWith("At") && !out.isNull()) {
        assertThat(out.asText()).matches("^\\d{4}-\\d{2}-\\d{2}T.*Z$");
      }
    } catch (MappingException e) {
      assertThat(e.reason()).isNotNull();
    }
  }
}
