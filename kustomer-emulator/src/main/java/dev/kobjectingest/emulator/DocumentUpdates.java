package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How an update body combines with a stored document, for customers and KObjects; the store then
 * checks the result (uniqueness, typing) before it takes it.
 */
final class DocumentUpdates {
  private DocumentUpdates() {}

  /**
   * A customer PATCH (or {@code PUT ?replace=false}, or a bulk PUT item): given attributes replace
   * the stored ones, except {@code custom}, merged per attribute as a KObject PUT merges it, since
   * "updates the given attributes" covers custom attributes too.
   */
  static ObjectNode customerPatch(ObjectNode current, ObjectNode patch) {
    ObjectNode next = current.deepCopy();
    patch
        .properties()
        .forEach(
            e -> {
              if (e.getKey().equals("custom") && e.getValue().isObject()) {
                mergeCustom(next, e.getValue());
              } else {
                next.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return checked(next);
  }

  /**
   * A KObject PUT. Top-level fields given replace the stored ones ({@code data} as a whole); {@code
   * custom} is merged per attribute, and an array value (a multi {@code Rel}) replaces the stored
   * array: Kustomer overwrites relationship arrays, it never appends. With {@code replaceContents}
   * (the emulator's "PUT replaces" switch) {@code custom} and {@code data} become exactly what the
   * body holds, empty when it omits them.
   */
  static ObjectNode kobjectPut(ObjectNode current, ObjectNode body, boolean replaceContents) {
    ObjectNode next = current.deepCopy();
    if (replaceContents) {
      next.remove("custom");
      next.remove("data");
    }
    body.properties()
        .forEach(
            e -> {
              if (e.getKey().equals("custom") && e.getValue().isObject()) {
                mergeCustom(next, e.getValue());
              } else if (!e.getKey().equals("rev") && !e.getKey().equals("id")) {
                next.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return checked(next);
  }

  private static void mergeCustom(ObjectNode doc, JsonNode given) {
    ObjectNode custom =
        doc.path("custom").isObject() ? (ObjectNode) doc.get("custom") : doc.putObject("custom");
    given.properties().forEach(c -> custom.set(c.getKey(), c.getValue().deepCopy()));
  }

  private static ObjectNode checked(ObjectNode next) {
    if (next.path("custom").size() > CustomAttributes.MAX_PROPERTIES) {
      throw ApiException.badRequest(
          "'custom' would have more than " + CustomAttributes.MAX_PROPERTIES + " properties",
          "/custom");
    }
    return next;
  }
}
