package dev.kobjectingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps an order's items or shipments: each element of the list an order payload holds, or the one
 * element a line-item or shipment event is.
 */
final class ElementMapper {
  private final RuleValues values;

  ElementMapper(RuleValues values) {
    this.values = values;
  }

  /** The elements {@code m} selects from an order payload; none when the rule maps none. */
  List<ElementPart> elements(
      CollectionMapping m, Object input, Map<String, Object> vars, String path)
      throws MappingException {
    if (m == null) {
      return List.of();
    }
    Object list = m.from().evaluate(input, vars);
    List<ElementPart> out = new ArrayList<>();
    // JSONata yields a single value, not a one-element list, when a path matches once.
    List<?> elements = list == null ? List.of() : list instanceof List<?> l ? l : List.of(list);
    for (Object e : elements) {
      out.add(element(m, e, vars, path));
    }
    long distinct = out.stream().map(ElementPart::id).distinct().count();
    if (distinct != out.size()) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          path + ".id",
          "two " + path + " have the same id");
    }
    return out;
  }

  /** One element; {@code path} prefixes the fields of its failures ({@code items.title}). */
  ElementPart element(CollectionMapping m, Object input, Map<String, Object> vars, String path)
      throws MappingException {
    String prefix = path.isEmpty() ? "" : path + ".";
    String id = values.id(m.id(), input, vars);
    ObjectMapping o = m.object();
    String title =
        o.title() == null ? null : values.optionalText(o.title(), input, vars, prefix + "title");
    ObjectNode data = DataValues.data(o.data(), input, vars);
    JsonNode dataValue = o.data().whole() != null ? data.get("value") : data;
    return new ElementPart(
        id,
        title,
        values.custom(o.custom(), input, vars),
        dataValue == null ? JsonNodeFactory.instance.nullNode() : dataValue,
        values.custom(m.orderCustom(), input, vars));
  }
}
