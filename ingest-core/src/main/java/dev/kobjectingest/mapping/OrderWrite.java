package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What one order state becomes in Kustomer: the order KObject's body (as POSTed/PUT, without
 * relationship ids) and, in the Rel model, the bodies of its item KObjects, in order. The sink
 * fills in {@code itemsRel} and {@code orderRel} once the ids are known.
 */
public record OrderWrite(ObjectNode order, List<ObjectNode> items) {
  public OrderWrite {
    items = List.copyOf(items);
  }
}
