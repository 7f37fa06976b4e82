package dev.kobjectingest.topology;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.mapping.WriteModel;
import java.time.Duration;

/**
 * What the topology needs to know besides the rules: the write model, klass names and its own
 * topics.
 *
 * @param deadLetterMaxBytes the largest dead letter the producer may write (its max.request.size)
 * @param customerUpdates when the customer updates that became due are sent
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
    CustomerUpdatePace customerUpdates) {

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
        new CustomerUpdatePace(
            Duration.ofMillis(Long.parseLong(config.get("topology.customer-updates.interval.ms"))),
            Duration.ofMillis(
                Long.parseLong(config.get("topology.customer-updates.max-wait.ms")))));
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
        CustomerUpdatePace.DEFAULT);
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
        customerUpdates);
  }

  /** The same settings with another pace of the due customer updates. */
  public TopologySettings withCustomerUpdates(CustomerUpdatePace pace) {
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
        pace);
  }
}
