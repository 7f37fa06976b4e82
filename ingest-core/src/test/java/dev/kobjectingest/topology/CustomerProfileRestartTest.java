package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import dev.kobjectingest.mapping.Origin;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.metrics.IngestMeters;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A customer update that is due when its task stops (a crash, a rebalance) is sent by the task that
 * takes over: the due mark is in the profile, so in the store's changelog, and a new processor over
 * the restored store finds it at start. The stores are real ones (values through their JSON serde);
 * TopologyTestDriver cannot be restarted over the same state (closing it cleans its state
 * directory), so this drives two processor instances over the same stores, as Streams does after
 * restoring them.
 */
class CustomerProfileRestartTest {
  private static final CustomerUpdatePace PACE =
      new CustomerUpdatePace(Duration.ofSeconds(5), Duration.ofMinutes(5));

  @Test
  void anUpdateDueWhenTheTaskStopsIsSentByTheNextOneAndOnlyOnce() throws Exception {
    List<Aggregate> aggregates =
        RuleLoader.load(TopologyFixture.SHIPPED_RULES).customerAggregates();
    KeyValueStore<String, CustomerFacts> orders =
        store(CustomerProfileProcessor.ORDERS, CustomerFacts.class);
    KeyValueStore<String, CustomerProfile> profiles =
        store(CustomerProfileProcessor.PROFILES, CustomerProfile.class);

    MockProcessorContext<String, CustomerCommand> before = context(orders, profiles);
    CustomerProfileProcessor first =
        new CustomerProfileProcessor(aggregates, PACE, IngestMeters.none());
    first.init(before);
    Origin origin = new Origin("orders.raw", 0, 7);
    first.process(
        new Record<>("cust-jane", new CustomerOrder("A", facts(36), false, origin), 1_000L));
    assertThat(before.forwarded()).as("nothing before the interval passed").isEmpty();
    assertThat(profiles.get("cust-jane").due()).isNotNull();

    // The task stops here; another one starts over the restored stores.
    MockProcessorContext<String, CustomerCommand> after = context(orders, profiles);
    CustomerProfileProcessor second =
        new CustomerProfileProcessor(aggregates, PACE, IngestMeters.none());
    second.init(after);
    punctuate(after);

    assertThat(after.forwarded()).hasSize(1);
    Record<? extends String, ? extends CustomerCommand> sent = after.forwarded().get(0).record();
    assertThat(sent.key()).isEqualTo("cust-jane");
    CustomerCommand c = sent.value();
    assertThat(c.customerId()).isEqualTo("cust-jane");
    assertThat(c.origin()).isEqualTo(origin);
    assertThat(c.eventTime()).isEqualTo(1_000L);
    JsonNode custom = c.update().path("custom");
    assertThat(custom.path("orderCountNum").asInt()).isEqualTo(1);
    assertThat(custom.path("lifetimeValueNum").decimalValue()).isEqualByComparingTo("36");
    assertThat(c.update().path("name").asText()).isEqualTo("Jane Doe");
    assertThat(profiles.get("cust-jane").due()).as("the mark is cleared").isNull();

    punctuate(after);
    assertThat(after.forwarded()).as("sent once").hasSize(1);
    MockProcessorContext<String, CustomerCommand> third = context(orders, profiles);
    new CustomerProfileProcessor(aggregates, PACE, IngestMeters.none()).init(third);
    punctuate(third);
    assertThat(third.forwarded()).as("not again after the next restart").isEmpty();
  }

  private static CustomerFacts facts(double grand) {
    ObjectNode attributes = JsonNodeFactory.instance.objectNode().put("name", "Jane Doe");
    ObjectNode measures =
        JsonNodeFactory.instance
            .objectNode()
            .put("lifetimeValueNum", grand)
            .put("lastOrderAt", "2024-03-01T10:00:00Z");
    return new CustomerFacts(attributes, measures, 1);
  }

  private static void punctuate(MockProcessorContext<String, CustomerCommand> context) {
    List<CapturedPunctuator> punctuators = context.scheduledPunctuators();
    assertThat(punctuators).hasSize(1);
    assertThat(punctuators.get(0).getInterval()).isEqualTo(PACE.interval());
    punctuators.get(0).getPunctuator().punctuate(0L);
  }

  private static MockProcessorContext<String, CustomerCommand> context(
      KeyValueStore<?, ?>... stores) {
    MockProcessorContext<String, CustomerCommand> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(0L);
    for (KeyValueStore<?, ?> s : stores) {
      context.addStateStore(s);
    }
    return context;
  }

  /** A real store of {@code type} values (through their JSON serde), in memory. */
  private static <V> KeyValueStore<String, V> store(String name, Class<V> type) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), JsonSerde.of(type))
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> init = new MockProcessorContext<>();
    store.init(init.getStateStoreContext(), store);
    return store;
  }
}
