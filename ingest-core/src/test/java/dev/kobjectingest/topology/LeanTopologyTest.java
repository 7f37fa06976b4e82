package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.WriteModel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * What the topology writes besides its outputs: no internal topic or changelog record for nothing.
 */
class LeanTopologyTest {

  @Test
  void theOrderTableReadsTheStatesWithoutARepartition() throws Exception {
    TopologyDescription d =
        IngestTopology.build(
                RuleLoader.load(TopologyFixture.SHIPPED_RULES),
                TopologySettings.defaults(WriteModel.NESTED),
                Clock.systemUTC())
            .describe();
    Set<String> repartitions = new TreeSet<>();
    for (TopologyDescription.Subtopology s : d.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Sink sink
            && sink.topic() != null
            && sink.topic().endsWith("-repartition")) {
          repartitions.add(sink.topic());
        }
      }
    }
    // By order id before the state, by identity before the customer commands, by customer id
    // before the profiles (the shipped rules keep customers current); nothing else.
    assertThat(repartitions)
        .containsExactly(
            "customer-profiles-repartition",
            "customer-requests-repartition",
            "order-events-repartition");
  }

  @Test
  void releasingAnOrderNeverHeldDeletesNothing() {
    List<String> deletes = new ArrayList<>();
    Holds holds = new Holds(recordingDeletes(deletes));

    assertThat(holds.release("never-held")).isFalse();
    assertThat(deletes).as("a delete would write a changelog tombstone").isEmpty();

    assertThat(holds.hold("o-1", 1_000)).isTrue();
    assertThat(holds.release("o-1")).isTrue();
    assertThat(deletes).containsExactly("o-1");
    assertThat(holds.count(2_000).count()).isZero();
  }

  /** An in-memory store that records the keys deleted from it. */
  @SuppressWarnings("unchecked")
  private static KeyValueStore<String, Long> recordingDeletes(List<String> deletes) {
    KeyValueStore<String, Long> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("holds"), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    return (KeyValueStore<String, Long>)
        Proxy.newProxyInstance(
            LeanTopologyTest.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("delete")) {
                deletes.add((String) args[0]);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
