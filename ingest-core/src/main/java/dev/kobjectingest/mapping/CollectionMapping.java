package dev.kobjectingest.mapping;

/**
 * Items or shipments of an order: where the list is ({@code from}; null when the payload itself is
 * the one element, as on the line-item and shipment topics), each element's id, how it maps, and
 * the key of the order's {@code data} that lists them.
 *
 * @param object for items: the item KObject (Rel model) and its {@code data} entry; for shipments:
 *     only {@code data}
 * @param orderCustom custom attributes the element sets on the order (a shipment's status and
 *     tracking)
 * @param remove for line-item events: true when the event removes the item
 */
public record CollectionMapping(
    Expression from,
    Expression id,
    ObjectMapping object,
    java.util.Map<String, Expression> orderCustom,
    Expression remove,
    String dataField) {

  public CollectionMapping {
    orderCustom = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(orderCustom));
  }

  CollectionMapping copy() {
    java.util.Map<String, Expression> oc = new java.util.LinkedHashMap<>();
    orderCustom.forEach((k, v) -> oc.put(k, v.copy()));
    return new CollectionMapping(
        from == null ? null : from.copy(),
        id.copy(),
        object.copy(),
        oc,
        remove == null ? null : remove.copy(),
        dataField);
  }
}
