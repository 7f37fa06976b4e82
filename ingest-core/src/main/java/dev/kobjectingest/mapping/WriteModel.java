package dev.kobjectingest.mapping;

import java.util.Locale;

/**
 * Kustomer's two ways to hold an order (seed 003): one KObject with items in {@code data}, or
 * related klasses.
 */
public enum WriteModel {
  /** Option A: one order KObject; line items and shipments in its {@code data}. */
  NESTED,
  /** Option B: an order klass and an item klass, linked by {@code ...Rel} relationships. */
  REL;

  public static WriteModel parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "nested" -> NESTED;
      case "rel" -> REL;
      default ->
          throw new IllegalArgumentException("model must be nested or rel, was '" + text + "'");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
