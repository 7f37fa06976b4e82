package dev.kobjectingest.sink;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.budget.Budgets;
import dev.kobjectingest.kustomer.budget.RequestBudget;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.support.ClientBuffers;
import dev.kobjectingest.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the sink from its settings and starts it: the budget (local, or shared through Redis), the
 * Kustomer gateway, the id tables, the bulk writers, and per command topic a handler, a retrying
 * applier, a dead-letter writer and a command loop on its own consumer. The one place that knows
 * how the roles fit together; each role is tested on its own.
 */
public final class SinkFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SinkFactory.class);
  private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(10);
  private static final Duration DEAD_LETTER_SEND = Duration.ofSeconds(30);

  /** Consumers' session timeout unless the configuration sets one (Streams uses it too). */
  public static final int SESSION_TIMEOUT_MS = 10_000;

  private SinkFactory() {}

  /**
   * Builds and starts the sink; declares the Rel model's relationships first when configured. Every
   * wait and every reading of time goes through {@code clock} and {@code sleeper}.
   */
  public static IngestSink start(
      IngestConfig config,
      ApiKey key,
      String appVersion,
      Clock clock,
      Sleeper sleeper,
      IngestMeters meters)
      throws InterruptedException {
    SinkSettings s = SinkSettings.from(config, appVersion);
    IngestSink sink = new IngestSink();
    try {
      build(sink, s, config.kafkaClientProperties(), key, clock, sleeper, meters);
      return sink;
    } catch (RuntimeException | InterruptedException e) {
      sink.close();
      throw e;
    }
  }

  private static void build(
      IngestSink sink,
      SinkSettings s,
      Map<String, String> kafka,
      ApiKey key,
      Clock clock,
      Sleeper sleeper,
      IngestMeters meters)
      throws InterruptedException {
    KustomerSettings k = s.kustomer();
    RequestBudget budget = budget(sink, s.budget(), clock, sleeper);
    KustomerClient client =
        new KustomerClient(k.baseUrl(), key, k.connectTimeout(), k.requestTimeout());
    SinkHealth health = new SinkHealth(clock, k.unreachableAfter());
    KustomerGateway gateway = new KustomerGateway(client, budget, clock, health);
    KlassBootstrap klasses =
        new KlassBootstrap(gateway, k.klassBootstrap(), k.failWhenKlassMissing(), clock);
    prepareKlasses(klasses, k);
    KafkaProducer<String, String> ids =
        new KafkaProducer<>(producer(kafka), new StringSerializer(), new StringSerializer());
    sink.own(() -> ids.close(PRODUCER_CLOSE));
    KafkaProducer<byte[], byte[]> dlq =
        new KafkaProducer<>(producer(kafka), new ByteArraySerializer(), new ByteArraySerializer());
    sink.own(() -> dlq.close(PRODUCER_CLOSE));
    SinkSettings.Topics topics = s.topics();
    SinkTables tables = SinkTables.load(sink, topics, kafka, ids, s.tables(), clock);
    CompactedTable customerIds = tables.customerIds();
    SinkIds store = new SinkIds(tables.sinkIds());
    if (k.klassOwned()) {
      verifyOwned(gateway, store, k.orderKlass(), topics.sinkIds());
    }
    ExecutorService pool = workers(s.workerThreads());
    sink.own(pool::shutdownNow);
    BulkWriters writers = sink.own(new BulkWriters(gateway, s.bulk(), clock, sleeper));
    sink.parts(
        health,
        gateway,
        writers,
        new SinkMeters(
            gateway, budget, s.budget().perMinute(), List.of(ids, dlq), tables.memory()));

    DeadLetterWriter deadLetters =
        new DeadLetterWriter(dlq, topics.deadLetters(), s.appVersion(), clock, DEAD_LETTER_SEND);
    KeyedExecutor<Bytes> executor = new KeyedExecutor<>(pool);
    Handlers handlers =
        Handlers.of(
            gateway, klasses, customerIds, store, writers, k, s.tables().cacheEntries(), clock);
    handlers.meterTo(tables.memory());
    CustomerHandler customers = handlers.customers();
    Stages stages =
        new Stages(sink, s, kafka, executor, deadLetters, health, clock, sleeper, meters);
    stages.start(
        DeadLetterHeaders.STAGE_CUSTOMER,
        topics.customerCommands(),
        new CustomerCommandHandler(customers, clock));
    stages.start(
        DeadLetterHeaders.STAGE_KOBJECT,
        topics.orderCommands(),
        new OrderCommandHandler(
            handlers.orders(),
            customers,
            new CustomerRequests(dlq, topics.customerCommands(), DEAD_LETTER_SEND)));
    LOG.info(
        "sink started against {} with a budget of {}/min ({})",
        client.base(),
        s.budget().perMinute(),
        s.budget().shared() ? "shared bucket in Redis" : "local bucket");
  }

  /** The customer and the order handlers, each with its bounded cache of lookups. */
  private record Handlers(CustomerHandler customers, OrderHandler orders) {
    static Handlers of(
        KustomerGateway gateway,
        KlassBootstrap klasses,
        IdTable customerIds,
        SinkIds store,
        BulkWriters writers,
        KustomerSettings k,
        int cacheEntries,
        Clock clock) {
      CustomerClaims claims = new CustomerClaims(store);
      return new Handlers(
          new CustomerHandler(
              gateway,
              customerIds,
              store,
              writers.customers(claims),
              k.customersCreateFirst(),
              cacheEntries,
              new CustomerUpdates(gateway, store, writers.customerUpdates()),
              claims),
          new OrderHandler(
              gateway, klasses, store, k.klassOwned(), writers.orders(), clock, cacheEntries));
    }

    void meterTo(MemoryMeters memory) {
      memory
          .cache("customer-lookups", customers.lookupCache())
          .cache("kobject-lookups", orders.lookupCache());
    }
  }

  /** Starts a command topic's loop with its own handler, applier and counters. */
  private record Stages(
      IngestSink sink,
      SinkSettings s,
      Map<String, String> kafka,
      KeyedExecutor<Bytes> executor,
      DeadLetterWriter deadLetters,
      SinkHealth health,
      Clock clock,
      Sleeper sleeper,
      IngestMeters meters) {
    void start(String stage, String topic, CommandHandler handler) {
      SinkCounters counters = new SinkCounters();
      RetryingApplier applier =
          new RetryingApplier(handler, stage, s.retry(), clock, sleeper, counters.retries, health);
      CommandProcessor processor =
          new CommandProcessor(stage, handler, applier, deadLetters, counters, meters, clock);
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              consumer(kafka, s), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      CommandLoop loop =
          new CommandLoop(topic, consumer, executor, processor, s.loop(), clock, counters);
      handler.bind(new StickyBacklog(loop::inFlight, s.bulk().minBacklog(), clock));
      sink.start(
          new IngestSink.Stage(
              stage, loop, processor, counters, consumer, new Thread(loop, "sink-" + stage)));
    }
  }

  /** The org budget and the search limit, local or shared through one Redis. */
  private static RequestBudget budget(
      IngestSink sink, BudgetSettings b, Clock clock, Sleeper sleeper) {
    if (!b.shared()) {
      return new RequestBudget(
          Budgets.local(b.perMinute(), b.share(), clock),
          Budgets.local(b.searchesPerMinute(), b.share(), clock),
          clock,
          sleeper);
    }
    Budgets.SharedBucket shared =
        sink.own(Budgets.redis(b.redisUri(), b.redisKey(), b.perMinute(), b.share()));
    return new RequestBudget(
        shared.bucket(),
        shared.another(b.redisKey() + ":search", b.searchesPerMinute(), b.share()),
        clock,
        sleeper);
  }

  private static void prepareKlasses(KlassBootstrap klasses, KustomerSettings k)
      throws InterruptedException {
    if (k.model() == WriteModel.REL) {
      declareRel(klasses, k);
    } else if (k.klassBootstrap()) {
      createOrderKlass(klasses, k.orderKlass());
    }
  }

  /**
   * A fresh org's first orders would otherwise meet the missing klass in their bulk job and wait
   * for its retry; an org that already has it answers 409. Not fatal: a write that meets the
   * missing klass still creates it.
   */
  private static void createOrderKlass(KlassBootstrap klasses, String klass)
      throws InterruptedException {
    try {
      klasses.create(klass);
    } catch (CallFailure f) {
      LOG.warn(
          "could not create klass {} at start, will on first write: {}", klass, f.getMessage());
    }
  }

  private static void verifyOwned(KustomerApi api, SinkIds store, String klass, String topic)
      throws InterruptedException {
    try {
      OwnedKlassCheck.verify(api, store, klass, topic);
    } catch (CallFailure f) {
      // Kustomer's reachability is the start-up checks' concern; a write finds out soon enough.
      LOG.warn("could not check whether klass {} already holds objects: {}", klass, f.getMessage());
    }
  }

  private static void declareRel(KlassBootstrap klasses, KustomerSettings k)
      throws InterruptedException {
    try {
      klasses.declareRel(k.orderKlass(), k.itemKlass(), k.itemsRel(), k.orderRel());
    } catch (CallFailure f) {
      throw new IllegalStateException(
          "cannot declare the Rel model's relationships: " + f.getMessage(), f);
    }
  }

  private static ExecutorService workers(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "sink-worker");
          t.setDaemon(true);
          return t;
        });
  }

  private static Properties producer(Map<String, String> kafka) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    ClientBuffers.producer(p, "");
    return p;
  }

  private static Properties consumer(Map<String, String> kafka, SinkSettings s) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Commands are written by an exactly-once Streams app: never act on an aborted transaction's
    // output.
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, s.maxPollRecords());
    ClientBuffers.consumer(p, "");
    // A killed instance's partitions move after this long (Kafka's default is 45 s): a restarted
    // or surviving instance writes again within seconds. kafka.session.timeout.ms overrides it.
    p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
    p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 3);
    return p;
  }
}
