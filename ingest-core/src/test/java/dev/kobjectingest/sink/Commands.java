package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Commands as the topology writes them, for tests. */
final class Commands {
  private Commands() {}

  static OrderCommand order(String orderId, String customerId, long changes) {
    ObjectNode body =
        JsonNodeFactory.instance.objectNode().put("externalId", orderId).put("title", orderId);
    body.putObject("custom").put("orderStatusStr", "paid");
    return new OrderCommand(
        OrderCommand.SCHEMA,
        orderId,
        "nested",
        "order",
        null,
        customerId,
        "email:jane@example.com",
        changes,
        changes,
        body,
        List.of(),
        List.of(),
        1_000L,
        null,
        null,
        null,
        null);
  }

  /** An order of the Rel model with line items {@code itemIds} (klasses order and order-item). */
  static OrderCommand relOrder(String orderId, String customerId, String... itemIds) {
    OrderCommand nested = order(orderId, customerId, 1);
    List<ObjectNode> items =
        java.util.Arrays.stream(itemIds)
            .map(id -> JsonNodeFactory.instance.objectNode().put("externalId", id))
            .toList();
    return new OrderCommand(
        OrderCommand.SCHEMA,
        orderId,
        "rel",
        "order",
        "order-item",
        customerId,
        nested.identityKey(),
        1,
        1,
        nested.order(),
        items,
        List.of("orderItemsRel", "orderRel"),
        1_000L,
        null,
        null,
        null,
        null);
  }

  static CustomerCommand customer(String identityKey, String... lookups) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", "Jane");
    return new CustomerCommand(CustomerCommand.SCHEMA, identityKey, List.of(lookups), body, 1_000L);
  }

  static ConsumerRecord<byte[], byte[]> record(Object command) {
    try {
      return record(CommandJson.write(command));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return new ConsumerRecord<>("ingest.order-commands", 0, 0L, new byte[] {1}, value);
  }
}
