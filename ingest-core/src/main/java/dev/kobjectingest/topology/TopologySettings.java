package dev.kobjectingest.topology;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.mapping.WriteModel;

/**
 * What the topology needs to know besides the rules: the write model, klass names and its own
 * topics.
 *
 * @param deadLetterMaxBytes the largest dead letter the producer may write (its max.request.size)
 * @param customerUpdatesInterval how often the customer updates that became due are sent (wall
 *     clock, millis): one update per customer that changed within it, carrying its newest profile
 */
public record TopologySettings(
    WriteModel model,
    String orderKlass,
    String itemKlass,
    String itemsRelationship,
    String orderRelationship,
    String deadLetterTopic,
    String customerCommandsTopic,
    String orderCommandsTopic,
    String customerIdsTopic,
    String appVersion,
    int deadLetterMaxBytes,
    long customerUpdatesInterval) {
  /** The default of {@code topology.customer-updates.interval.ms}. */
  public static final long CUSTOMER_UPDATES_INTERVAL_MS = 5_000;

  /** The settings of a configuration, for an application of version {@code appVersion}. */
  public static TopologySettings from(IngestConfig config, String appVersion) {
    return new TopologySettings(
        config.model(),
        config.get("kustomer.order.klass"),
        config.get("kustomer.item.klass"),
        config.get("kustomer.rel.items"),
        config.get("kustomer.rel.order"),
        config.get("topics.dead-letters"),
        config.get("topics.customer-commands"),
        config.get("topics.order-commands"),
        config.get("topics.customer-ids"),
        appVersion,
        config.deadLetterMaxBytes(),
        Long.parseLong(config.get("topology.customer-updates.interval.ms")));
  }

  /** Defaults matching the shipped rules and the sandbox. */
  public static TopologySettings defaults(WriteModel model) {
    return new TopologySettings(
        model,
        "order",
        "order-item",
        "itemsRel",
        "orderRel",
        "ingest.dead-letters",
        "ingest.customer-commands",
        "ingest.order-commands",
        "ingest.customer-ids",
        "dev",
        1_048_576,
        CUSTOMER_UPDATES_INTERVAL_MS);
  }

  /** The same settings with another dead-letter size limit (what the topic actually takes). */
  public TopologySettings withDeadLetterMaxBytes(int max) {
    return new TopologySettings(
        model,
        orderKlass,
        itemKlass,
        itemsRelationship,
        orderRelationship,
        deadLetterTopic,
        customerCommandsTopic,
        orderCommandsTopic,
        customerIdsTopic,
        appVersion,
        max,
        customerUpdatesInterval);
  }

  /** The same settings with another interval between sends of the due customer updates. */
  public TopologySettings withCustomerUpdatesInterval(long millis) {
    return new TopologySettings(
        model,
        orderKlass,
        itemKlass,
        itemsRelationship,
        orderRelationship,
        deadLetterTopic,
        customerCommandsTopic,
        orderCommandsTopic,
        customerIdsTopic,
        appVersion,
        deadLetterMaxBytes,
        millis);
  }
}
