package dev.kobjectingest.sink;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.budget.Budgets;
import dev.kobjectingest.kustomer.budget.RequestBudget;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.IngestMeters;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink: one Kustomer client and budget, and two command consumers (customers, orders) that
 * share them. Several instances share one budget when {@code kustomer.rate-limit.redis} is set.
 */
public final class IngestSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSink.class);

  private final List<CommandSink> sinks = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<CompactedTable> tables = new ArrayList<>();
  private final List<BulkWriter> writers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ExecutorService pool;
  private final KafkaProducer<String, String> idsProducer;
  private final KafkaProducer<byte[], byte[]> dlqProducer;
  private final AutoCloseable sharedBucket;
  private final KustomerGateway gateway;
  private final RequestBudget budget;
  private final int perMinute;

  private IngestSink(
      ExecutorService pool,
      KafkaProducer<String, String> idsProducer,
      KafkaProducer<byte[], byte[]> dlqProducer,
      AutoCloseable sharedBucket,
      KustomerGateway gateway,
      RequestBudget budget,
      int perMinute) {
    this.perMinute = perMinute;
    this.pool = pool;
    this.idsProducer = idsProducer;
    this.dlqProducer = dlqProducer;
    this.sharedBucket = sharedBucket;
    this.gateway = gateway;
    this.budget = budget;
  }

  /** Builds and starts the sink; declares the Rel model's relationships first when configured. */
  public static IngestSink start(IngestConfig config, ApiKey key, String appVersion, Clock clock)
      throws InterruptedException {
    return start(config, key, appVersion, clock, IngestMeters.none());
  }

  /** As above, recording dead letters and end-to-end latency in {@code meters}. */
  public static IngestSink start(
      IngestConfig config, ApiKey key, String appVersion, Clock clock, IngestMeters meters)
      throws InterruptedException {
    int perMinute = config.getInt("kustomer.rate-limit.per-minute");
    double share = Double.parseDouble(config.get("kustomer.rate-limit.share"));
    String redis = config.get("kustomer.rate-limit.redis");
    Bucket bucket;
    AutoCloseable shared = null;
    if (redis.isBlank()) {
      bucket = Budgets.local(perMinute, share);
    } else {
      Budgets.SharedBucket sb =
          Budgets.redis(redis, config.get("kustomer.rate-limit.key"), perMinute, share);
      bucket = sb.bucket();
      shared = sb;
    }
    RequestBudget budget = new RequestBudget(bucket, clock);
    KustomerClient client =
        new KustomerClient(
            URI.create(config.get("kustomer.base-url")),
            key,
            Duration.ofMillis(config.getInt("kustomer.timeout.connect.ms")),
            Duration.ofMillis(config.getInt("kustomer.timeout.request.ms")));
    KustomerGateway gateway = new KustomerGateway(client, budget);
    boolean bootstrap = Boolean.parseBoolean(config.get("kustomer.klass.bootstrap"));
    KlassBootstrap klasses =
        new KlassBootstrap(gateway, bootstrap, config.get("kustomer.klass.missing").equals("fail"));
    try {
      if (config.model() == WriteModel.REL) {
        klasses.declareRel(
            config.get("kustomer.order.klass"), config.get("kustomer.item.klass"),
            config.get("kustomer.rel.items"), config.get("kustomer.rel.order"));
      }
    } catch (CallFailure f) {
      throw new IllegalStateException(
          "cannot declare the Rel model's relationships: " + f.getMessage(), f);
    }

    Map<String, String> kafka = config.kafkaClientProperties();
    KafkaProducer<String, String> ids =
        new KafkaProducer<>(producerProps(kafka), new StringSerializer(), new StringSerializer());
    KafkaProducer<byte[], byte[]> dlq =
        new KafkaProducer<>(
            producerProps(kafka), new ByteArraySerializer(), new ByteArraySerializer());
    int inFlight = config.getInt("sink.max-in-flight");
    boolean bulkOn = Boolean.parseBoolean(config.get("sink.bulk.enabled"));
    int bulkItems = config.getInt("sink.bulk.max-items");
    // In bulk, a worker waits for its item's job: filling a request takes as many workers as items.
    // Up to three writers (customer creates, order creates, order updates) may each be filling.
    int threads = bulkOn ? 2 * inFlight + 3 * bulkItems : inFlight * 2;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "sink-worker");
              t.setDaemon(true);
              return t;
            });
    IngestSink sink = new IngestSink(pool, ids, dlq, shared, gateway, budget, perMinute);
    SinkSettings base =
        SinkSettings.of(
            config.get("sink.group.id"),
            inFlight,
            Duration.ofMillis(config.getInt("sink.retry.base.ms")),
            Duration.ofMillis(config.getInt("sink.retry.max.ms")),
            Duration.ofMillis(Long.parseLong(config.get("sink.retry.deadline.ms"))),
            config.get("topics.dead-letters"),
            appVersion,
            Boolean.parseBoolean(config.get("sink.coalesce")));
    CommandSink.Sleeper sleeper = TimeUnit.MILLISECONDS::sleep;
    CompactedTable customerIds = CompactedTable.load(config.get("topics.customer-ids"), kafka, ids);
    CompactedTable sinkIds = CompactedTable.load(config.get("topics.sink-ids"), kafka, ids);
    sink.tables.add(customerIds);
    sink.tables.add(sinkIds);
    SinkIds store = new SinkIds(sinkIds);
    int minBacklog = config.getInt("sink.bulk.min-backlog");
    Duration linger = Duration.ofMillis(config.getInt("sink.bulk.linger.ms"));
    Duration jobDeadline = Duration.ofMillis(Long.parseLong(config.get("sink.retry.deadline.ms")));
    CustomerHandler.Bulk customerBulk = CustomerHandler.Bulk.off();
    OrderHandler.Bulk orderBulk = OrderHandler.Bulk.off();
    if (bulkOn) {
      // One writer per bulk endpoint; the path is also its metrics template (klass names come from
      // configuration, a closed set).
      java.util.function.BiFunction<String, String, BulkWriter> writerFor =
          (method, path) ->
              sink.writer(
                  new BulkWriter(gateway, method, path, path, bulkItems, linger, jobDeadline));
      customerBulk =
          new CustomerHandler.Bulk(true, minBacklog, writerFor.apply("POST", "/v1/customers/bulk"));
      Map<String, BulkWriter> creates = new java.util.concurrent.ConcurrentHashMap<>();
      Map<String, BulkWriter> updates = new java.util.concurrent.ConcurrentHashMap<>();
      orderBulk =
          new OrderHandler.Bulk(
              true,
              minBacklog,
              Boolean.parseBoolean(config.get("sink.bulk.imported-at")),
              klass ->
                  creates.computeIfAbsent(
                      klass, k -> writerFor.apply("POST", "/v1/klasses/" + k + "/bulk")),
              klass ->
                  updates.computeIfAbsent(
                      klass, k -> writerFor.apply("PUT", "/v1/klasses/" + k + "/bulk")));
    }
    CustomerHandler customers =
        new CustomerHandler(
            gateway,
            customerIds,
            store,
            customerBulk,
            Boolean.parseBoolean(config.get("sink.customers.create-first")));
    sink.add(
        new CommandSink(
            config.get("topics.customer-commands"),
            "customer",
            new CustomerCommandHandler(customers),
            base,
            kafka,
            dlq,
            pool,
            clock,
            sleeper,
            meters));
    sink.add(
        new CommandSink(
            config.get("topics.order-commands"),
            "kobject",
            new OrderCommandHandler(
                new OrderHandler(
                    gateway,
                    klasses,
                    store,
                    Boolean.parseBoolean(config.get("kustomer.klass.owned")),
                    orderBulk)),
            base,
            kafka,
            dlq,
            pool,
            clock,
            sleeper,
            meters));
    LOG.info(
        "sink started against {} with a budget of {}/min ({})",
        client.base(),
        perMinute,
        redis.isBlank() ? "local bucket" : "shared bucket in Redis");
    return sink;
  }

  private static Properties producerProps(Map<String, String> kafka) {
    Properties p = new Properties();
    kafka.forEach(p::put);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  private BulkWriter writer(BulkWriter w) {
    writers.add(w);
    return w;
  }

  /** Items sent in bulk requests (creates and updates). */
  public long bulkItems() {
    return writers.stream().mapToLong(BulkWriter::items).sum();
  }

  private void add(CommandSink s) {
    sinks.add(s);
    Thread t = new Thread(s, "sink-" + sinks.size());
    threads.add(t);
    t.start();
  }

  /** Why a consumer stopped (Kustomer answered 401/403), or null while healthy. */
  public String fatalFailure() {
    for (CommandSink s : sinks) {
      if (s.fatalFailure() != null) {
        return s.fatalFailure().getMessage();
      }
    }
    return null;
  }

  public boolean running() {
    return threads.stream().allMatch(Thread::isAlive);
  }

  public long apiRequests() {
    return gateway.requests();
  }

  public long deadLettered() {
    return total(CommandSink::deadLettered);
  }

  public long applied() {
    return total(CommandSink::applied);
  }

  public RequestBudget budget() {
    return budget;
  }

  /**
   * Binds the sink's meters: requests by operation and status, outcomes per stage, in-flight work,
   * the budget, and the Kafka clients' own metrics (the consumers' records lag among them).
   */
  public void bindTo(MeterRegistry registry) {
    gateway.recordTo(registry);
    for (CommandSink s : sinks) {
      counter(registry, s, "ingest.sink.applied", "Commands applied to Kustomer", s::applied);
      counter(
          registry,
          s,
          "ingest.commands.coalesced",
          "Commands skipped because a newer one for the same key was queued",
          s::coalesced);
      counter(registry, s, "ingest.sink.retries", "Retried Kustomer calls", s::retries);
      Gauge.builder("ingest.sink.in.flight", s, CommandSink::inFlight)
          .description("Records read and not yet applied or dead-lettered")
          .tag("stage", s.stage())
          .register(registry);
      s.bindClientMetrics(registry);
    }
    new KafkaClientMetrics(idsProducer).bindTo(registry);
    new KafkaClientMetrics(dlqProducer).bindTo(registry);
    Gauge.builder("kustomer.api.in.flight", gateway, KustomerGateway::inFlight)
        .description("Kustomer requests sent and not yet answered")
        .register(registry);
    Gauge.builder("kustomer.budget.remaining", budget, RequestBudget::lastRemaining)
        .description("The org budget Kustomer last reported left (x-ratelimit-remaining)")
        .register(registry);
    Gauge.builder("kustomer.budget.limit", this, x -> x.perMinute)
        .description(
            "The org's Kustomer budget in requests per minute (kustomer.rate-limit.per-minute)")
        .register(registry);
    FunctionCounter.builder("kustomer.budget.wait.seconds", budget, b -> b.waitedMillis() / 1000.0)
        .description("Time spent waiting for the request budget")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry,
      CommandSink sink,
      String name,
      String description,
      java.util.function.LongSupplier count) {
    FunctionCounter.builder(name, sink, x -> count.getAsLong())
        .description(description)
        .tag("stage", sink.stage())
        .register(registry);
  }

  private long total(ToLongFunction<CommandSink> count) {
    return sinks.stream().mapToLong(count).sum();
  }

  @Override
  public void close() {
    sinks.forEach(CommandSink::close);
    for (Thread t : threads) {
      try {
        t.join(40_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writers.forEach(BulkWriter::close);
    pool.shutdownNow();
    tables.forEach(CompactedTable::close);
    idsProducer.close(Duration.ofSeconds(10));
    dlqProducer.close(Duration.ofSeconds(10));
    if (sharedBucket != null) {
      try {
        sharedBucket.close();
      } catch (Exception e) {
        LOG.warn("closing the Redis connection: {}", e.toString());
      }
    }
  }
}
