package dev.kobjectingest.topology;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.CustomerProfileMapping.Aggregate;
import dev.kobjectingest.mapping.MappedEvent;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.SourceRule;
import dev.kobjectingest.metrics.IngestMeters;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Streams topology, as a pure function of the rules and settings:
 *
 * <pre>
 * each raw topic ─ map (rule) ─┬─ dead letters ──────────────────────────────────────────> dead-letter topic
 *                              └─ events by order id ─ repartition ─ order state (latest wins per part)
 *   order state ─┬─ customer command by identity ─ repartition ─ only new/changed identities ─> customer-commands
 *                └─ table ─ FK left join on identity with customer-ids (learned by the sink)
 *                     ─ waiting orders held back and counted ──────────────────────────────> order-commands
 * </pre>
 *
 * An order's write is emitted only once its customer id is known, so a customer is only ever
 * created by the one sink task that owns its identity, and an order write never races its
 * customer's creation. Until then the order waits, counted with its age; if the sink gives the
 * customer up (a failure mark on customer-ids), the order's command carries the failure and the
 * sink dead-letters it.
 */
public final class IngestTopology {
  private static final Serde<byte[]> BYTES = Serdes.ByteArray();
  private static final Serde<String> STRING = Serdes.String();

  /**
   * The largest event, state or command the topology writes: what a topic carries by default
   * (Kafka's 1 MiB {@code message.max.bytes}), less room for the batch framing. An order that would
   * need more is dead-lettered ({@code too-large}).
   */
  public static final int INTERNAL_MAX_BYTES = 1_048_576 - 8 * 1024;

  // Internal records larger than the topics carry fail as serialization errors (dead letters),
  // never in the producer, whose refusal would fail the whole exactly-once transaction.
  private static final Serde<MappedEvent> EVENTS =
      JsonSerde.of(MappedEvent.class, INTERNAL_MAX_BYTES);
  private static final Serde<OrderState> STATES =
      JsonSerde.of(OrderState.class, INTERNAL_MAX_BYTES);
  private static final Serde<CustomerCommand> CUSTOMER_COMMANDS =
      JsonSerde.of(CustomerCommand.class, INTERNAL_MAX_BYTES);
  private static final Serde<CustomerOrder> CUSTOMER_ORDERS =
      JsonSerde.of(CustomerOrder.class, INTERNAL_MAX_BYTES);
  private static final Serde<CustomerFacts> ORDER_FACTS =
      JsonSerde.of(CustomerFacts.class, INTERNAL_MAX_BYTES);
  private static final Serde<CustomerProfile> PROFILES =
      JsonSerde.of(CustomerProfile.class, INTERNAL_MAX_BYTES);
  private static final Serde<OrderCommand> ORDER_COMMANDS =
      JsonSerde.of(OrderCommand.class, INTERNAL_MAX_BYTES);

  private IngestTopology() {}

  /**
   * A persistent, logged store with a record cache. Under exactly-once the cache is flushed at each
   * commit, so an order (or hold, or identity) changed by several events within one commit interval
   * costs one changelog record and one RocksDB write, not one per event; reads go through the
   * cache, so a processor always sees its own writes. Nothing is forwarded from these stores (the
   * processors forward explicitly), so the cache delays no output.
   */
  private static <V> StoreBuilder<KeyValueStore<String, V>> cachedStore(
      String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), STRING, values)
        .withCachingEnabled();
  }

  public static Topology build(RuleSet rules, TopologySettings settings) {
    return build(rules, settings, Clock.systemUTC());
  }

  public static Topology build(RuleSet rules, TopologySettings settings, Clock clock) {
    return build(rules, settings, clock, IngestMeters.none());
  }

  public static Topology build(
      RuleSet rules, TopologySettings settings, Clock clock, IngestMeters meters) {
    StreamsBuilder builder = new StreamsBuilder();
    Commands commands = new Commands(settings, rules.itemsDataField(), rules.shipmentsDataField());
    KStream<String, MappedEvent> events = mappedEvents(builder, rules, settings, clock, meters);
    KStream<String, OrderState> states = orderStates(builder, events, meters);
    customerCommands(builder, states, settings, meters);
    KStream<String, OrderCommand> orderCommands =
        orderCommands(builder, states, settings, commands, meters);
    if (rules.keepsCustomersCurrent()) {
      customerProfiles(builder, orderCommands, rules, settings, meters);
    }
    return builder.build();
  }

  /**
   * Each raw topic through its rule: failures to the dead letters, events keyed by their order id
   * and merged into one stream. The node names ({@code source-}, {@code map-}, {@code route-}, ...
   * and the topic) are what {@link TopologyFailures#stage} reads.
   */
  private static KStream<String, MappedEvent> mappedEvents(
      StreamsBuilder builder,
      RuleSet rules,
      TopologySettings settings,
      Clock clock,
      IngestMeters meters) {
    KStream<String, MappedEvent> events = null;
    for (SourceRule rule : rules.byTopic().values()) {
      String name = rule.topic();
      Map<String, KStream<byte[], MappingResult>> routes =
          builder.stream(rule.topic(), Consumed.with(BYTES, BYTES).withName("source-" + name))
              .processValues(
                  () -> new MappingProcessor(rule, settings.model(), meters),
                  Named.as("map-" + name))
              .split(Named.as("route-" + name + "-"))
              .branch((k, v) -> v.failed(), Branched.as("dead"))
              .defaultBranch(Branched.as("mapped"));
      routes
          .get("route-" + name + "-dead")
          .process(
              () -> new DeadLetterProcessor(settings, clock, meters),
              Named.as("dead-letter-" + name))
          .to(
              settings.deadLetterTopic(),
              Produced.with(BYTES, BYTES).withName("dead-letters-" + name));
      KStream<String, MappedEvent> mapped =
          routes
              .get("route-" + name + "-mapped")
              .map(
                  (k, v) -> KeyValue.pair(v.event().orderId(), v.event()),
                  Named.as("by-order-" + name));
      events = events == null ? mapped : events.merge(mapped, Named.as("merge-" + name));
    }
    if (events == null) {
      throw new IllegalArgumentException("no rules: nothing to consume");
    }
    return events;
  }

  /** The events repartitioned by order id and merged into each order's state (latest wins). */
  private static KStream<String, OrderState> orderStates(
      StreamsBuilder builder, KStream<String, MappedEvent> events, IngestMeters meters) {
    builder.addStateStore(cachedStore(OrderStateProcessor.STORE, STATES));
    builder.addStateStore(cachedStore(OrderStateProcessor.INCOMPLETE, Serdes.Long()));
    return events
        .repartition(Repartitioned.with(STRING, EVENTS).withName("order-events"))
        .processValues(
            () -> new OrderStateProcessor(meters),
            Named.as("order-state"),
            OrderStateProcessor.STORE,
            OrderStateProcessor.INCOMPLETE);
  }

  /** A customer command per order state, by identity; only new or changed identities go out. */
  private static void customerCommands(
      StreamsBuilder builder,
      KStream<String, OrderState> states,
      TopologySettings settings,
      IngestMeters meters) {
    builder.addStateStore(cachedStore(CustomerRequestProcessor.STORE, STRING));
    states
        .map(
            (orderId, s) -> KeyValue.pair(s.customer().key(), Commands.customer(s, s.eventTime())),
            Named.as("customer-command"))
        .repartition(Repartitioned.with(STRING, CUSTOMER_COMMANDS).withName("customer-requests"))
        .processValues(
            CustomerRequestProcessor::new,
            Named.as("new-identities"),
            CustomerRequestProcessor.STORE)
        .peek((k, v) -> meters.commandEmitted("customer"), Named.as("count-customer-commands"))
        .to(
            settings.customerCommandsTopic(),
            Produced.with(STRING, CUSTOMER_COMMANDS).withName("customer-commands"));
  }

  /**
   * When the rules keep customers current: each order command's contribution, repartitioned by the
   * Kustomer customer it names, into that customer's profile; a changed profile goes to the sink as
   * an update of the known customer (keyed {@code customer:<id>}), at most one per customer per
   * interval of {@link TopologySettings#customerUpdates()}, held longer while catching up.
   */
  private static void customerProfiles(
      StreamsBuilder builder,
      KStream<String, OrderCommand> orderCommands,
      RuleSet rules,
      TopologySettings settings,
      IngestMeters meters) {
    builder.addStateStore(cachedStore(OrderCustomersProcessor.STORE, STRING));
    builder.addStateStore(cachedStore(CustomerProfileProcessor.ORDERS, ORDER_FACTS));
    builder.addStateStore(cachedStore(CustomerProfileProcessor.PROFILES, PROFILES));
    List<Aggregate> aggregates = rules.customerAggregates();
    CustomerUpdatePace pace = settings.customerUpdates();
    orderCommands
        .process(
            OrderCustomersProcessor::new,
            Named.as("order-customers"),
            OrderCustomersProcessor.STORE)
        .repartition(Repartitioned.with(STRING, CUSTOMER_ORDERS).withName("customer-profiles"))
        .process(
            () -> new CustomerProfileProcessor(aggregates, pace, meters),
            Named.as("customer-profile"),
            CustomerProfileProcessor.ORDERS,
            CustomerProfileProcessor.PROFILES)
        .peek((k, v) -> meters.commandEmitted("customer"), Named.as("count-customer-updates"))
        .to(
            settings.customerCommandsTopic(),
            Produced.with(STRING, CUSTOMER_COMMANDS).withName("customer-updates"));
  }

  /**
   * The order commands: each order's state joined with its customer's id as the sink learned it;
   * orders whose customer is not known yet are held back and counted.
   */
  private static KStream<String, OrderCommand> orderCommands(
      StreamsBuilder builder,
      KStream<String, OrderState> states,
      TopologySettings settings,
      Commands commands,
      IngestMeters meters) {
    KTable<String, OrderState> orders =
        states.toTable(
            Named.as("order-table"),
            Materialized.<String, OrderState, KeyValueStore<Bytes, byte[]>>as("order-view")
                .withKeySerde(STRING)
                .withValueSerde(STATES));
    KTable<String, String> customerIds =
        builder.table(
            settings.customerIdsTopic(),
            Consumed.with(STRING, STRING).withName("customer-ids"),
            Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("customer-ids")
                .withKeySerde(STRING)
                .withValueSerde(STRING));
    // A left join: an order whose customer is not known yet yields a "waiting" command, so the
    // topology knows (and reports) what it holds back instead of silently emitting nothing.
    builder.addStateStore(cachedStore(WaitingOrdersProcessor.STORE, Serdes.Long()));
    KStream<String, OrderCommand> commandStream =
        orders
            .leftJoin(
                customerIds,
                s -> s.customer().key(),
                (s, customerId) -> commands.order(s, customerId, s.eventTime()),
                TableJoined.as("order-customer"),
                Materialized.<String, OrderCommand, KeyValueStore<Bytes, byte[]>>as(
                        "order-commands-view")
                    .withKeySerde(STRING)
                    .withValueSerde(ORDER_COMMANDS))
            .toStream(Named.as("order-command-stream"));
    KStream<String, OrderCommand> released =
        commandStream.processValues(
            () -> new WaitingOrdersProcessor(meters),
            Named.as("waiting-orders"),
            WaitingOrdersProcessor.STORE);
    released
        .peek((k, v) -> meters.commandEmitted("order"), Named.as("count-order-commands"))
        .to(
            settings.orderCommandsTopic(),
            Produced.with(STRING, ORDER_COMMANDS).withName("order-commands"));
    return released;
  }
}
