package dev.kobjectingest.config;

import dev.kobjectingest.mapping.WriteModel;
import java.util.List;
import java.util.Map;

/**
 * The checks of the settings' values, by concern, each adding what is wrong to one list so that
 * every problem is reported at once (style.md 3).
 */
final class SettingChecks {
  // A list, not a set: the problem names the values in a stable order.
  private static final List<String> GUARANTEES = List.of("exactly_once_v2", "at_least_once");

  private SettingChecks() {}

  /** Checks every setting's value; problems are added in the order of the checks below. */
  static void check(Map<String, String> v, List<String> problems) {
    streamsAndTopics(v, problems);
    kustomerNames(v, problems);
    switchesAndLimits(v, problems);
    kustomerConnection(v, problems);
    opsPort(v.get("ops.port"), problems);
  }

  /** A port, 0 (any free one) or -1 (off): 99999 would otherwise fail late, without the name. */
  private static void opsPort(String value, List<String> problems) {
    try {
      int port = Integer.parseInt(value);
      if (port < -1 || port > 65_535) {
        problems.add("ops.port: must be a port (1-65535), 0 for a free one or -1 for none");
      }
    } catch (NumberFormatException e) {
      problems.add("ops.port: must be a whole number");
    }
  }

  /** Kafka, Kafka Streams, the topics the pipeline creates and names, and the write model. */
  private static void streamsAndTopics(Map<String, String> v, List<String> problems) {
    requireText(v, "kafka.bootstrap.servers", problems);
    requireText(v, "streams.application.id", problems);
    if (!GUARANTEES.contains(v.get("streams.processing.guarantee"))) {
      problems.add("streams.processing.guarantee: must be one of " + GUARANTEES);
    }
    positive(v, "streams.commit.interval.ms", problems);
    positive(v, "streams.num.stream.threads", problems);
    positive(v, "topics.partitions", problems);
    try {
      int r = Integer.parseInt(v.get("topics.replication"));
      if (r == 0 || r < -1) {
        problems.add("topics.replication: must be -1 or positive");
      }
    } catch (NumberFormatException e) {
      problems.add("topics.replication: must be a whole number");
    }
    try {
      WriteModel.parse(v.get("model"));
    } catch (IllegalArgumentException e) {
      problems.add("model: " + e.getMessage());
    }
    for (String k :
        List.of(
            "topics.dead-letters",
            "topics.customer-commands",
            "topics.order-commands",
            "topics.customer-ids",
            "topics.sink-ids")) {
      if (!v.get(k).matches("^[a-zA-Z0-9._-]{1,249}$")) {
        problems.add(k + ": '" + v.get(k) + "' is not a valid topic name");
      }
    }
  }

  /** The klasses and relationship attributes written to, and what a missing klass does. */
  private static void kustomerNames(Map<String, String> v, List<String> problems) {
    for (String k : List.of("kustomer.order.klass", "kustomer.item.klass")) {
      if (!v.get(k).matches("^[0-9a-zA-Z_-]{1,255}$")) {
        problems.add(k + ": klass names are letters, digits, _ and -");
      }
    }
    for (String k : List.of("kustomer.rel.items", "kustomer.rel.order")) {
      if (!v.get(k).matches("^[a-z][A-Za-z0-9]*Rel$")) {
        problems.add(k + ": a relationship attribute is camelCase and ends in Rel");
      }
    }
    if (!List.of("dead-letter", "fail").contains(v.get("kustomer.klass.missing"))) {
      problems.add("kustomer.klass.missing: must be dead-letter or fail");
    }
  }

  /** The true/false switches, and the counts, sizes and durations that must be positive. */
  private static void switchesAndLimits(Map<String, String> v, List<String> problems) {
    for (String k :
        List.of(
            "topics.create",
            "topics.create-sources",
            "kustomer.klass.bootstrap",
            "kustomer.klass.owned",
            "sink.bulk.enabled",
            "sink.coalesce",
            "sink.bulk.imported-at",
            "sink.customers.create-first",
            "sink.customers.search")) {
      if (!List.of("true", "false").contains(v.get(k))) {
        problems.add(k + ": must be true or false");
      }
    }
    for (String k :
        List.of(
            "kustomer.timeout.connect.ms",
            "kustomer.timeout.request.ms",
            "startup.timeout.ms",
            "kustomer.rate-limit.per-minute",
            "sink.max-in-flight",
            "sink.ids.cache.entries",
            "memory.rocksdb.mib",
            "sink.retry.base.ms",
            "sink.retry.max.ms",
            "sink.bulk.min-backlog",
            "sink.bulk.max-items",
            "sink.bulk.linger.ms",
            "dead-letters.max.bytes",
            "streams.thread-failures.max",
            "streams.thread-failures.window.ms",
            "kustomer.unreachable.after.ms",
            "kustomer.rate-limit.search-per-minute",
            "kafka.unreachable.after.ms",
            "kafka.watch.interval.ms",
            "topology.customer-updates.interval.ms")) {
      positive(v, k, problems);
    }
    try {
      if (Integer.parseInt(v.get("sink.bulk.max-items")) > 100) {
        problems.add("sink.bulk.max-items: Kustomer takes at most 100 items per bulk request");
      }
    } catch (NumberFormatException e) {
      // reported above
    }
    longAtLeast(v, "topology.customer-updates.max-wait.ms", 0, problems);
    longAtLeast(v, "sink.retry.deadline.ms", 1, problems);
  }

  /** Where Kustomer is, the share of its budget, and the Redis holding the shared bucket. */
  private static void kustomerConnection(Map<String, String> v, List<String> problems) {
    try {
      double share = Double.parseDouble(v.get("kustomer.rate-limit.share"));
      if (!(share > 0 && share <= 1)) {
        problems.add("kustomer.rate-limit.share: must be in (0, 1]");
      }
    } catch (NumberFormatException e) {
      problems.add("kustomer.rate-limit.share: must be a number");
    }
    String url = v.get("kustomer.base-url");
    if (!url.matches("^https?://[^/\\s]+/?$")) {
      problems.add(
          "kustomer.base-url: must be http(s)://host[:port] (e.g. https://acme.api.kustomerapp.com)");
    }
    String redis = v.get("kustomer.rate-limit.redis");
    if (!redis.isBlank() && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
      problems.add("kustomer.rate-limit.redis: must be a redis:// or rediss:// URI");
    }
  }

  private static void requireText(Map<String, String> v, String key, List<String> problems) {
    if (v.get(key) == null || v.get(key).isBlank()) {
      problems.add(key + ": required");
    }
  }

  /** Adds a problem unless {@code key}'s value is a whole number above zero. */
  static void positive(Map<String, String> v, String key, List<String> problems) {
    try {
      if (Integer.parseInt(v.get(key)) <= 0) {
        problems.add(key + ": must be positive");
      }
    } catch (NumberFormatException e) {
      problems.add(key + ": must be a whole number up to " + Integer.MAX_VALUE);
    }
  }

  /** A whole number (a long: millis beyond an int's range) of at least {@code min} (0 or 1). */
  private static void longAtLeast(
      Map<String, String> v, String key, long min, List<String> problems) {
    try {
      if (Long.parseLong(v.get(key)) < min) {
        problems.add(key + (min > 0 ? ": must be positive" : ": must not be negative"));
      }
    } catch (NumberFormatException e) {
      problems.add(key + ": must be a whole number up to " + Long.MAX_VALUE);
    }
  }
}
