package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the sections each kind of rule has besides the common keys: an order rule's customer,
 * order, items and shipments; a shipment rule's one shipment; a line-item rule's one item.
 */
final class RuleKindSections {
  /** What a rule's kind maps; the sections other kinds have are null. */
  record Sections(
      CustomerMapping customer,
      ObjectMapping order,
      CollectionMapping items,
      CollectionMapping shipments) {}

  private final RuleNodeReader nodes;
  private final ObjectMappingReader objects;
  private final RuleDefaults defaults;

  RuleKindSections(RuleNodeReader nodes, RuleDefaults defaults) {
    this.nodes = nodes;
    this.objects = new ObjectMappingReader(nodes);
    this.defaults = defaults;
  }

  /** The sections of a rule of {@code kind}, or null when their problems leave none. */
  Sections read(RuleKind kind, JsonNode root) {
    return switch (kind) {
      case ORDER -> orderSections(root);
      case SHIPMENT -> shipmentSections(root);
      case LINE_ITEM -> lineItemSections(root);
    };
  }

  private Sections orderSections(JsonNode root) {
    nodes.onlyKeys(root, "", withCommon("customer", "order", "items", "shipments"));
    CustomerMapping customer = CustomerSectionReader.read(nodes, root, defaults);
    JsonNode o = root.get("order");
    ObjectMapping order = null;
    if (o == null || !o.isObject()) {
      nodes.problem("order", "required: the order KObject's title, custom, data and tags");
    } else {
      nodes.onlyKeys(o, "order", "title", "custom", "data", "tags");
      order = objects.objectMapping(o, "order", true);
    }
    CollectionMapping items = orderItems(root.get("items"));
    CollectionMapping shipments = orderShipments(root.get("shipments"));
    if (order != null && items != null && order.data().fields().containsKey(items.dataField())) {
      nodes.problem("items.dataField", "'" + items.dataField() + "' is also a key of order.data");
    }
    return new Sections(customer, order, items, shipments);
  }

  /** An order payload's list of line items ({@code items}), or null when the rule maps none. */
  private CollectionMapping orderItems(JsonNode i) {
    if (i == null) {
      return null;
    }
    nodes.onlyKeys(i, "items", "from", "id", "title", "custom", "data", "dataField");
    return new CollectionMapping(
        nodes.expr(i, "from", "items.from", true),
        nodes.expr(i, "id", "items.id", true),
        objects.objectMapping(i, "items", true),
        Map.of(),
        null,
        objects.dataField(i, "items", RuleLoader.DEFAULT_ITEMS_FIELD));
  }

  /** An order payload's list of shipments ({@code shipments}), or null when the rule maps none. */
  private CollectionMapping orderShipments(JsonNode s) {
    if (s == null) {
      return null;
    }
    nodes.onlyKeys(s, "shipments", "from", "id", "custom", "data", "dataField");
    return new CollectionMapping(
        nodes.expr(s, "from", "shipments.from", true),
        nodes.expr(s, "id", "shipments.id", true),
        new ObjectMapping(null, Map.of(), objects.data(s, "shipments.data"), null),
        objects.custom(s.get("custom"), "shipments.custom"),
        null,
        objects.dataField(s, "shipments", RuleLoader.DEFAULT_SHIPMENTS_FIELD));
  }

  private Sections shipmentSections(JsonNode root) {
    nodes.onlyKeys(root, "", withCommon("shipmentId", "order", "data", "dataField"));
    Expression id = nodes.expr(root, "shipmentId", "shipmentId", true);
    Map<String, Expression> orderCustom = Map.of();
    JsonNode o = root.get("order");
    if (o != null) {
      nodes.onlyKeys(o, "order", "custom");
      orderCustom = objects.custom(o.get("custom"), "order.custom");
    }
    CollectionMapping shipments =
        new CollectionMapping(
            null,
            id,
            new ObjectMapping(null, Map.of(), objects.data(root, "data"), null),
            orderCustom,
            null,
            objects.dataField(root, "", RuleLoader.DEFAULT_SHIPMENTS_FIELD));
    return id == null ? null : new Sections(null, null, null, shipments);
  }

  private Sections lineItemSections(JsonNode root) {
    nodes.onlyKeys(root, "", withCommon("itemId", "remove", "item", "dataField"));
    Expression id = nodes.expr(root, "itemId", "itemId", true);
    JsonNode i = root.get("item");
    ObjectMapping item = null;
    if (i == null || !i.isObject()) {
      nodes.problem("item", "required: the item's title, custom and data");
    } else {
      nodes.onlyKeys(i, "item", "title", "custom", "data");
      item = objects.objectMapping(i, "item", true);
    }
    if (id == null || item == null) {
      return null;
    }
    CollectionMapping items =
        new CollectionMapping(
            null,
            id,
            item,
            Map.of(),
            nodes.expr(root, "remove", "remove", false),
            objects.dataField(root, "", RuleLoader.DEFAULT_ITEMS_FIELD));
    return new Sections(null, null, items, null);
  }

  /** The keys a rule of one kind may have: the common ones and its own. */
  private static String[] withCommon(String... more) {
    List<String> all = new ArrayList<>(RuleFileParser.COMMON);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
