package dev.kobjectingest.topology;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.CustomerIds;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.CustomerIdentity;
import dev.kobjectingest.mapping.KObjectComposer;
import dev.kobjectingest.mapping.MappingException;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.OrderWrite;
import dev.kobjectingest.mapping.WriteModel;
import java.util.ArrayList;
import java.util.List;

/** Builds the write commands from an order state. Pure functions. */
public final class Commands {
  private final TopologySettings settings;
  private final KObjectComposer composer;

  public Commands(TopologySettings settings, String itemsField, String shipmentsField) {
    this.settings = settings;
    this.composer = new KObjectComposer(settings.model(), itemsField, shipmentsField);
  }

  /** The customer command for the state's identity. */
  public static CustomerCommand customer(OrderState state, long eventTime) {
    CustomerIdentity id = state.customer();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    List<String> lookups = new ArrayList<>();
    if (id.name() != null && !id.name().isBlank()) {
      body.put("name", id.name());
    }
    if (id.externalId() != null) {
      body.put("externalId", id.externalId());
      lookups.add("externalId:" + id.externalId());
    }
    if (id.email() != null) {
      body.putArray("emails").addObject().put("email", id.email()).put("type", "home");
      lookups.add("email:" + id.email());
    }
    if (id.phone() != null) {
      body.putArray("phones").addObject().put("phone", id.phone()).put("type", "mobile");
      lookups.add("phone:" + id.phone());
    }
    return new CustomerCommand(
        CustomerCommand.SCHEMA, id.key(), lookups, body, eventTime, state.origin());
  }

  /**
   * The order command for a state joined with its identity's entry in the customer-ids table:
   * {@code customerIdValue} null while the customer is not known (the command only marks the order
   * as waiting), a failure mark when the customer was dead-lettered. Events were validated before
   * they joined the state, so composing cannot fail here; if it does, that is a bug and the
   * processing exception handler dead-letters the event.
   */
  public OrderCommand order(OrderState state, String customerIdValue, long eventTime) {
    OrderWrite write;
    try {
      write = composer.compose(state);
    } catch (MappingException e) {
      throw new IllegalStateException(
          "a validated order state failed to compose: " + e.getMessage(), e);
    }
    boolean rel = settings.model() == WriteModel.REL;
    // A customer given up before a replay reached this order is being asked for again by that
    // replay: the order waits for the answer (counted) instead of becoming a dead letter now.
    boolean failed =
        CustomerIds.isFailed(customerIdValue)
            && state.replayedAt() <= CustomerIds.at(customerIdValue);
    return new OrderCommand(
        OrderCommand.SCHEMA,
        state.orderId(),
        settings.model().label(),
        settings.orderKlass(),
        rel ? settings.itemKlass() : null,
        CustomerIds.idOf(customerIdValue),
        state.customer().key(),
        state.changes(),
        state.latestVersion(),
        write.order(),
        write.items(),
        rel ? List.of(settings.itemsRelationship(), settings.orderRelationship()) : List.of(),
        eventTime,
        failed ? CustomerIds.reason(customerIdValue) : null,
        failed ? customer(state, eventTime) : null,
        state.origin(),
        state.order().customerFacts());
  }
}
