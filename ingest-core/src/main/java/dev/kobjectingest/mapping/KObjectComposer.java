package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an order state into the KObject bodies Kustomer receives, and checks them against
 * Kustomer's limits here, so a violation is a clear dead letter rather than a 400 later
 * (docs/kustomer-api.md 9).
 *
 * <p>Custom attributes set by several parts (the order and its shipments) take the value of the
 * newest part.
 */
public final class KObjectComposer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern TAG =
      Pattern.compile(
          "^[0-9a-zA-Z\\u00c0-\\u00ff_/<>\\-.][0-9a-zA-Z\\u00c0-\\u00ff _/<>\\-.]{0,63}$");
  static final int MAX_TITLE = 256;
  static final int MAX_TAGS = 20;

  private final WriteModel model;
  private final String itemsField;
  private final String shipmentsField;

  public KObjectComposer(WriteModel model, String itemsField, String shipmentsField) {
    this.model = model;
    this.itemsField = itemsField;
    this.shipmentsField = shipmentsField;
  }

  public WriteModel model() {
    return model;
  }

  /**
   * The write for a complete state; a {@link MappingException} when the result would break a limit.
   */
  public OrderWrite compose(OrderState state) throws MappingException {
    if (!state.complete()) {
      throw new IllegalStateException("order " + state.orderId() + " has no order event yet");
    }
    OrderPart o = state.order();
    ObjectNode body = NODES.objectNode();
    body.put("externalId", state.orderId());
    body.put("title", checkTitle(o.title(), "order.title"));
    body.set("custom", custom(state));
    ObjectNode data = o.data().deepCopy();
    List<ElementState> liveItems = live(state.items());
    if (model == WriteModel.NESTED && !liveItems.isEmpty()) {
      ArrayNode list = data.putArray(itemsField);
      liveItems.forEach(i -> list.add(i.part().data()));
    }
    List<ElementState> liveShipments = live(state.shipments());
    if (!liveShipments.isEmpty()) {
      ArrayNode list = data.putArray(shipmentsField);
      liveShipments.forEach(s -> list.add(s.part().data()));
    }
    body.set("data", data);
    body.set("tags", checkTags(o.tags()));

    List<ObjectNode> items = new ArrayList<>();
    if (model == WriteModel.REL) {
      for (ElementState i : liveItems) {
        ElementPart p = i.part();
        ObjectNode item = NODES.objectNode();
        String externalId = itemExternalId(state.orderId(), p.id());
        item.put("externalId", externalId);
        item.put("title", checkTitle(p.title(), "items.title (item " + p.id() + ")"));
        if (p.custom().size() > RuleLoader.MAX_CUSTOM) {
          throw violation(
              "items.custom", "more than " + RuleLoader.MAX_CUSTOM + " custom attributes");
        }
        item.set("custom", p.custom().deepCopy());
        item.set(
            "data",
            p.data() == null || !p.data().isObject() ? wrap(p.data()) : p.data().deepCopy());
        items.add(item);
      }
    }
    return new OrderWrite(body, items);
  }

  /** The externalId of an order's item KObject: unique per order and item. */
  public static String itemExternalId(String orderId, String itemId) {
    return orderId + ":" + itemId;
  }

  private ObjectNode custom(OrderState state) throws MappingException {
    // Newest contribution per attribute: the order's own fields at its version, each shipment at
    // its own.
    Map<String, Long> versions = new HashMap<>();
    ObjectNode out = NODES.objectNode();
    state
        .order()
        .custom()
        .properties()
        .forEach(
            e -> {
              out.set(e.getKey(), e.getValue());
              versions.put(e.getKey(), state.orderVersion());
            });
    List<ElementState> shipments = live(state.shipments());
    shipments.sort(Comparator.comparingLong(ElementState::version));
    for (ElementState s : shipments) {
      for (Map.Entry<String, JsonNode> e : s.part().orderCustom().properties()) {
        Long current = versions.get(e.getKey());
        if (current == null || s.version() >= current) {
          out.set(e.getKey(), e.getValue());
          versions.put(e.getKey(), s.version());
        }
      }
    }
    if (out.size() > RuleLoader.MAX_CUSTOM) {
      throw violation(
          "order.custom",
          out.size() + " custom attributes, over Kustomer's limit of " + RuleLoader.MAX_CUSTOM);
    }
    return out;
  }

  private static List<ElementState> live(Map<String, ElementState> parts) {
    List<ElementState> out = new ArrayList<>();
    for (ElementState e : parts.values()) {
      if (!e.removed()) {
        out.add(e);
      }
    }
    return out;
  }

  static String checkTitle(String title, String field) throws MappingException {
    if (title == null || title.isBlank()) {
      throw new MappingException(
          MappingException.Reason.MISSING_FIELD, field, "a KObject needs a title");
    }
    if (title.length() > MAX_TITLE) {
      throw violation(
          field,
          "title is " + title.length() + " characters, over Kustomer's limit of " + MAX_TITLE);
    }
    return title;
  }

  static ArrayNode checkTags(ArrayNode tags) throws MappingException {
    if (tags.size() > MAX_TAGS) {
      throw violation("order.tags", tags.size() + " tags, over Kustomer's limit of " + MAX_TAGS);
    }
    for (JsonNode t : tags) {
      if (!TAG.matcher(t.asText()).matches()) {
        throw violation(
            "order.tags",
            "tag '"
                + Coercion.abbreviate(t.asText())
                + "' is not 1-64 letters, digits, spaces or _/<>-.");
      }
    }
    return tags.deepCopy();
  }

  private static ObjectNode wrap(JsonNode value) {
    ObjectNode o = NODES.objectNode();
    if (value != null && !value.isNull()) {
      o.set("value", value);
    }
    return o;
  }

  private static MappingException violation(String field, String message) {
    return new MappingException(MappingException.Reason.RULE_VIOLATION, field, message);
  }
}
