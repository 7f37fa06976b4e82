package dev.kobjectingest.mapping;

import java.util.Locale;

/** What a source topic carries. */
public enum RuleKind {
  /** Whole orders: identity, order fields, optionally their items and shipments. */
  ORDER,
  /** One shipment of an order: its status and tracking. */
  SHIPMENT,
  /** One line item of an order: added, changed or removed. */
  LINE_ITEM;

  public static RuleKind parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "order" -> ORDER;
      case "shipment" -> SHIPMENT;
      case "line-item", "line_item", "lineitem" -> LINE_ITEM;
      default ->
          throw new IllegalArgumentException(
              "kind must be order, shipment or line-item, was '" + text + "'");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
