package dev.kobjectingest.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.Origin;
import java.util.List;

/**
 * Upsert one order's KObject (and, in the Rel model, its item KObjects) to the given state. Keyed
 * by order id on the order-commands topic, so all writes of one order are ordered; {@link
 * #changes()} grows with every state change, so a sink may skip a command older than one it already
 * applied, and coalesce a queue to the newest.
 *
 * @param model {@code nested} or {@code rel}
 * @param order the order KObject body (externalId, title, custom, data, tags); the sink adds {@code
 *     itemsRel}
 * @param items the item KObject bodies (Rel model), each with its externalId; the sink adds {@code
 *     orderRel}
 * @param relationships the relationship attribute names: order side, item side (Rel model)
 * @param version the newest source event version in this state
 * @param eventTime source timestamp of the newest event behind it (epoch millis)
 * @param customerFailure set (with {@code customerId} null) when the customer's command was
 *     dead-lettered: the reason; the sink dead-letters the order instead of writing it
 * @param customer with {@code customerFailure}: the customer command the order waits for, so that
 *     replaying the order's dead letter can ask for its customer again
 * @param origin the raw order event behind the state, or null
 * @param customerFacts what the order says about its customer, for the customer's profile (null
 *     when the rules keep nothing current on customers)
 */
public record OrderCommand(
    int schema,
    String orderId,
    String model,
    String klass,
    String itemKlass,
    String customerId,
    String identityKey,
    long changes,
    long version,
    ObjectNode order,
    List<ObjectNode> items,
    List<String> relationships,
    long eventTime,
    String customerFailure,
    CustomerCommand customer,
    Origin origin,
    @JsonInclude(JsonInclude.Include.NON_NULL) CustomerFacts customerFacts) {
  public static final int SCHEMA = 1;

  public OrderCommand {
    items = List.copyOf(items);
    relationships = List.copyOf(relationships);
  }

  /** The same command for the customer {@code id}, learned since it was emitted. */
  public OrderCommand withCustomerId(String id) {
    return new OrderCommand(
        schema,
        orderId,
        model,
        klass,
        itemKlass,
        id,
        identityKey,
        changes,
        version,
        order,
        items,
        relationships,
        eventTime,
        null,
        null,
        origin,
        customerFacts);
  }

  /** True while the order's customer is not known yet: the topology holds it back. */
  public boolean waitingForCustomer() {
    return customerId == null && customerFailure == null;
  }
}
