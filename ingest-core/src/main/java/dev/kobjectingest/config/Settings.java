package dev.kobjectingest.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of the pipeline, in the order the README's configuration reference lists them
 * ({@link ConfigReference}): one {@link Setting} per key, data rather than logic, read through
 * {@link IngestConfig#SETTINGS}.
 */
final class Settings {
  static final List<Setting> ALL =
      List.of(
          new Setting("kafka.bootstrap.servers", "localhost:9092", "Kafka bootstrap servers."),
          new Setting(
              "streams.application.id",
              "kobject-ingest",
              "Kafka Streams application id (consumer group and internal topic prefix)."),
          new Setting(
              "streams.state.dir",
              defaultStateDir(),
              "Where Kafka Streams keeps its local state stores, and the sink its local copy of the id"
                  + " tables (scratch, read again from their topics at each start)."),
          new Setting(
              "memory.rocksdb.mib",
              "32",
              "All the RocksDB memory of the process (block cache and memtables of the Streams state"
                  + " stores and of the sink's id tables), in MiB: one shared pool, as Kafka's memory"
                  + " guide recommends. Beyond it, reads go to local disk, not to Kafka or Kustomer."),
          new Setting(
              "streams.processing.guarantee",
              "exactly_once_v2",
              "exactly_once_v2 or at_least_once. Exactly-once keeps the state stores and the emitted commands"
                  + " consistent across crashes; at-least-once can lose a write after a crash."),
          new Setting(
              "streams.commit.interval.ms",
              "100",
              "How often Streams commits; writes of one order within it are coalesced."),
          new Setting("streams.num.stream.threads", "1", "Stream threads per instance."),
          new Setting(
              "topology.customer-updates.interval.ms",
              "5000",
              "How often the topology sends the customer updates that became due (rules that keep"
                  + " customers current): a customer whose profile changed several times within it gets"
                  + " one update, with its newest profile. Longer: fewer requests, a lone change reaches"
                  + " Kustomer that much later."),
          new Setting(
              "topology.customer-updates.max-wait.ms",
              "300000",
              "While the topology catches up on a backlog (the records it processes waited longer"
                  + " than the interval), how long a customer's due update may be held back: its"
                  + " orders arrive minutes apart, and held, their updates collapse into about one."
                  + " Whatever is held goes as soon as the backlog is done. 0: never held."),
          new Setting("rules.dir", "mapping-rules", "Directory of mapping rule files (*.yaml)."),
          new Setting(
              "rules.phone-region",
              "",
              "Region (ISO 3166 code such as US or DE) of customer phones written without a country"
                  + " code, for rules that name no customer.phoneRegion; phones are sent in E.164"
                  + " (+15125550100). Empty: only phones written with + and a country code are read,"
                  + " others are dropped from the identity (metric ingest_values_dropped_total)."),
          new Setting(
              "model",
              "nested",
              "nested (one order KObject, items in data) or rel (order and item klasses linked by ...Rel)."),
          new Setting("kustomer.order.klass", "order", "Klass name of the order KObjects."),
          new Setting(
              "kustomer.item.klass", "order-item", "Klass name of the item KObjects (rel model)."),
          new Setting(
              "kustomer.rel.items",
              "itemsRel",
              "Relationship attribute on the order listing its items (rel model)."),
          new Setting(
              "kustomer.rel.order",
              "orderRel",
              "Relationship attribute on an item pointing to its order (rel model)."),
          new Setting("topics.dead-letters", "ingest.dead-letters", "Dead-letter topic."),
          new Setting(
              "topics.customer-commands",
              "ingest.customer-commands",
              "Customer find-or-create commands, keyed by identity."),
          new Setting(
              "topics.order-commands",
              "ingest.order-commands",
              "Order KObject upsert commands, keyed by order id."),
          new Setting(
              "topics.customer-ids",
              "ingest.customer-ids",
              "Learned customer ids, keyed by identity (compacted)."),
          new Setting(
              "topics.create",
              "true",
              "Create the pipeline's own topics (commands, id tables, dead letters) at start-up when missing;"
                  + " an instance that loses the race to another creating them goes on."),
          new Setting(
              "topics.create-sources",
              "false",
              "Also create missing source topics (the raw topics the rules read) at start-up, with"
                  + " topics.partitions. Off: upstream systems own them and their partition counts, and a"
                  + " missing one stops start-up with its name (`topics --create` creates them)."),
          new Setting("topics.partitions", "6", "Partitions of topics the pipeline creates."),
          new Setting(
              "topics.replication",
              "-1",
              "Replication factor of topics the pipeline creates; -1 takes the broker's default."),
          new Setting(
              "kustomer.base-url",
              "http://127.0.0.1:8089",
              "Kustomer API base URL: https://<org>.api.kustomerapp.com, or a regional host."),
          new Setting(
              "kustomer.api-key-file",
              "",
              "File holding the API key; empty reads the environment variable KUSTOMER_API_KEY."),
          new Setting("kustomer.timeout.connect.ms", "5000", "Connect timeout of Kustomer calls."),
          new Setting("kustomer.timeout.request.ms", "30000", "Timeout of one Kustomer call."),
          new Setting(
              "kustomer.rate-limit.per-minute",
              "1000",
              "The org's API budget (requests per minute), shared by every instance and every other client."),
          new Setting(
              "kustomer.rate-limit.share",
              "0.95",
              "Share of the budget this pipeline may use (0..1], leaving room for other clients."),
          new Setting(
              "kustomer.rate-limit.redis",
              "",
              "redis://host:port of the Redis holding the shared bucket; empty for one instance (a local bucket)."),
          new Setting(
              "kustomer.rate-limit.key",
              "kobject-ingest-budget",
              "Redis key of the shared bucket."),
          new Setting(
              "kustomer.klass.bootstrap",
              "true",
              "Create missing klasses; when false, records for a missing klass are dead-lettered (klass-missing)."),
          new Setting(
              "kustomer.klass.missing",
              "dead-letter",
              "With bootstrap off, what a missing klass does: dead-letter (each record, reason klass-missing) or fail"
                  + " (stop the instance: a configuration error)."),
          new Setting(
              "ops.port",
              "8080",
              "Port of /metrics (Prometheus), /health/live and /health/ready; 0 picks a free port, -1 turns them off."),
          new Setting("sink.group.id", "kobject-ingest-sink", "Consumer group of the sink."),
          new Setting(
              "sink.max-in-flight",
              "16",
              "Keys (orders, identities) worked on at once per command topic."),
          new Setting(
              "sink.ids.cache.entries",
              "20000",
              "Ids kept in memory per cache (four: the customer-ids and sink-ids tables, the customer and"
                  + " KObject lookups; ~200 bytes of heap each); the rest stay on local disk, so memory does"
                  + " not grow with the history. Metrics: ingest_id_cache_*."),
          new Setting(
              "sink.retry.base.ms", "200", "First retry delay; doubles per attempt, with jitter."),
          new Setting("sink.retry.max.ms", "30000", "Longest delay between retries."),
          new Setting(
              "sink.coalesce",
              "true",
              "Skip a queued command when a newer one of the same order or identity is queued behind it"
                  + " (false only for measuring the single-call baseline)."),
          new Setting(
              "sink.bulk.enabled",
              "true",
              "Adaptive bulk writes: when a command topic's backlog reaches sink.bulk.min-backlog, creates and"
                  + " updates go in Kustomer bulk requests (one budget unit for up to 100 items); below it, single"
                  + " calls for low latency."),
          new Setting(
              "sink.bulk.min-backlog",
              "20",
              "Records read and not yet applied, per command topic, from which writes go in bulk; the backlog"
                  + " counts as lasting 10 s after they last reached it."),
          new Setting(
              "sink.bulk.max-items", "100", "Items per bulk request (Kustomer allows 100)."),
          new Setting(
              "sink.bulk.linger.ms",
              "250",
              "How long a bulk request waits to fill up after its first item, longer while items keep coming (up"
                  + " to eight times this); only with a backlog, where fuller requests matter more than latency."),
          new Setting(
              "sink.bulk.imported-at",
              "true",
              "Bulk KObject creates carry importedAt, which exempts them from Kustomer's 120 creates per"
                  + " customer per minute (a backfill of a customer's history would otherwise be throttled)."),
          new Setting(
              "sink.customers.create-first",
              "true",
              "Create an identity never seen before without looking it up first, and look up only those"
                  + " Kustomer reports as duplicates (409, or a bulk item's duplicate error): one request per new"
                  + " customer instead of up to four. Relies on Kustomer rejecting a second customer with the same"
                  + " email, phone or externalId; false looks every unknown identity up first."),
          new Setting(
              "kustomer.klass.owned",
              "true",
              "The order (and item) klasses are written only by this pipeline, so an order absent from the"
                  + " pipeline's id store (topics.sink-ids) is new and is created without a lookup. Set false"
                  + " when other integrations create KObjects of the same klass."),
          new Setting(
              "topics.sink-ids",
              "ingest.sink-ids",
              "Compacted topic where the sink keeps the KObject ids it learned and the change count it applied"
                  + " per order, and marks writes in flight, so a restart neither looks them up again nor"
                  + " creates twice."),
          new Setting(
              "sink.retry.deadline.ms",
              "900000",
              "How long a record is retried before it is dead-lettered (retries-exhausted); outages shorter than"
                  + " this are waited out."),
          new Setting(
              "dead-letters.max.bytes",
              "1048576",
              "Largest dead letter (original record plus headers) the pipeline writes; its producers' max.request.size"
                  + " and the dead-letter topic it creates follow it. A larger record is dead-lettered without its"
                  + " value (header ingest.dlq.value.omitted.bytes) and replay reads the original from its source"
                  + " topic; raise it to the largest record your raw topics accept to keep every dead letter whole."),
          new Setting(
              "streams.thread-failures.max",
              "5",
              "Stream thread failures within streams.thread-failures.window.ms after which the instance stops"
                  + " (exit code 1) instead of replacing the thread again: a failure that keeps coming back needs a"
                  + " person, and an orchestrator restart, not a silent loop."),
          new Setting(
              "streams.thread-failures.window.ms",
              "300000",
              "The window in which stream thread failures are counted."),
          new Setting(
              "sink.customers.search",
              "true",
              "With a backlog, resolve identities the pipeline has not learned with batched customer searches"
                  + " (one request for up to 133 identities, within Kustomer's separate search limit) instead of"
                  + " one lookup each; those not found are created in bulk. At trickle load single lookups stay."),
          new Setting(
              "kustomer.rate-limit.search-per-minute",
              "100",
              "Kustomer's search limit for API keys (searches per minute), shared by every instance like the"
                  + " org budget (a second bucket, in Redis when kustomer.rate-limit.redis is set); a search spends"
                  + " one unit of both."),
          new Setting(
              "kustomer.unreachable.after.ms",
              "30000",
              "How long Kustomer may give no good answer before /health/ready says so:"
                  + " kustomer-unreachable (no answer, or only 5xx/408) or kustomer-throttling (only"
                  + " 429); writes keep being retried until sink.retry.deadline.ms."),
          new Setting(
              "kafka.unreachable.after.ms",
              "30000",
              "How long Kafka may leave the instance's watch unanswered before /health/ready reports"
                  + " kafka-unreachable (cleared by its next answer); Kafka's own clients only retry"
                  + " and log."),
          new Setting(
              "kafka.watch.interval.ms",
              "10000",
              "How often the instance asks Kafka for its topics (each time within at most 5 s): whether"
                  + " it answers (kafka-unreachable) and whether a topic the pipeline reads or writes"
                  + " is missing (topics-missing)."),
          new Setting(
              "startup.timeout.ms",
              "5000",
              "How long each start-up check (Kafka, Kustomer, Redis) and each tool's first Kafka request may"
                  + " take before the command stops with the setting to fix."));

  private Settings() {}

  private static String defaultStateDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "kobject-ingest-streams").toString();
  }
}
