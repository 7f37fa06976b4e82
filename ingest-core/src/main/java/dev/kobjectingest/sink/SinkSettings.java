package dev.kobjectingest.sink;

import dev.kobjectingest.config.IngestConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the sink reads from the configuration, parsed once (the configuration validated the
 * values before): one typed record per concern.
 *
 * @param maxInFlight keys worked on at once per command topic; the budget is used while requests
 *     are in flight
 */
public record SinkSettings(
    Topics topics,
    String groupId,
    int maxInFlight,
    LoopSettings loop,
    Backoff retry,
    BulkSettings bulk,
    KustomerSettings kustomer,
    BudgetSettings budget,
    LocalTables tables,
    String appVersion) {

  /**
   * Where and how the sink keeps its id tables: on local disk under {@code dir}, {@code
   * cacheEntries} per table in memory, RocksDB drawing on the process's pool of {@code rocksBytes}.
   */
  record LocalTables(Path dir, long rocksBytes, int cacheEntries) {}

  /** The sink's topics. */
  record Topics(
      String customerCommands,
      String orderCommands,
      String customerIds,
      String sinkIds,
      String deadLetters) {}

  public static SinkSettings from(IngestConfig c, String appVersion) {
    int maxInFlight = c.getInt("sink.max-in-flight");
    Duration deadline = Duration.ofMillis(Long.parseLong(c.get("sink.retry.deadline.ms")));
    return new SinkSettings(
        new Topics(
            c.get("topics.customer-commands"),
            c.get("topics.order-commands"),
            c.get("topics.customer-ids"),
            c.get("topics.sink-ids"),
            c.get("topics.dead-letters")),
        c.get("sink.group.id"),
        maxInFlight,
        new LoopSettings(
            maxInFlight * 50,
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            flag(c, "sink.coalesce")),
        new Backoff(millis(c, "sink.retry.base.ms"), millis(c, "sink.retry.max.ms"), deadline),
        new BulkSettings(
            flag(c, "sink.bulk.enabled"),
            c.getInt("sink.bulk.min-backlog"),
            c.getInt("sink.bulk.max-items"),
            millis(c, "sink.bulk.linger.ms"),
            flag(c, "sink.bulk.imported-at"),
            deadline,
            flag(c, "sink.customers.search")),
        new KustomerSettings(
            URI.create(c.get("kustomer.base-url")),
            millis(c, "kustomer.timeout.connect.ms"),
            millis(c, "kustomer.timeout.request.ms"),
            c.model(),
            c.get("kustomer.order.klass"),
            c.get("kustomer.item.klass"),
            c.get("kustomer.rel.items"),
            c.get("kustomer.rel.order"),
            flag(c, "kustomer.klass.bootstrap"),
            c.get("kustomer.klass.missing").equals("fail"),
            flag(c, "kustomer.klass.owned"),
            flag(c, "sink.customers.create-first"),
            millis(c, "kustomer.unreachable.after.ms")),
        new BudgetSettings(
            c.getInt("kustomer.rate-limit.per-minute"),
            Double.parseDouble(c.get("kustomer.rate-limit.share")),
            c.get("kustomer.rate-limit.redis"),
            c.get("kustomer.rate-limit.key"),
            c.getInt("kustomer.rate-limit.search-per-minute")),
        new LocalTables(
            Path.of(c.get("streams.state.dir"), "sink-tables"),
            c.rocksDbMemoryBytes(),
            c.getInt("sink.ids.cache.entries")),
        appVersion);
  }

  /**
   * Worker threads, shared by both topics. In bulk a worker waits for its item's job, so filling a
   * request takes as many workers as items, and up to three writers (customer creates, order
   * creates, order updates) may be filling at once.
   */
  int workerThreads() {
    return bulk.enabled() ? 2 * maxInFlight + 3 * bulk.maxItems() : 2 * maxInFlight;
  }

  /** Records a consumer hands over per poll. */
  int maxPollRecords() {
    return Math.max(100, loop.maxPending() / 4);
  }

  private static boolean flag(IngestConfig c, String key) {
    return Boolean.parseBoolean(c.get(key));
  }

  private static Duration millis(IngestConfig c, String key) {
    return Duration.ofMillis(c.getInt(key));
  }
}
