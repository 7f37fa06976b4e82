package dev.kobjectingest.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a loaded rule is warned about, though it loads: an id that concatenates fields (an event
 * without one of them is dead-lettered as missing-field, which may surprise; a customer externalId
 * simply drops out of the identity), and customer phones read without a region.
 */
final class RuleWarnings {
  private RuleWarnings() {}

  static List<String> of(SourceRule rule) {
    List<String> warnings = new ArrayList<>();
    List<Expression> ids = new ArrayList<>();
    ids.add(rule.orderId());
    if (rule.items() != null) {
      ids.add(rule.items().id());
    }
    if (rule.shipments() != null) {
      ids.add(rule.shipments().id());
    }
    for (Expression id : ids) {
      if (id == null) {
        // A section without its id: already a problem, and the rule does not load.
        continue;
      }
      try {
        Map<String, Object> empty = Map.of();
        String missing =
            id.evaluateTraced(
                    empty,
                    Map.of("order", empty, "record", empty),
                    v -> v instanceof String s && s.isBlank())
                .missingOperand();
        if (missing != null) {
          warnings.add(
              rule.file()
                  + ": "
                  + id.field()
                  + ": "
                  + id.source()
                  + " concatenates "
                  + missing
                  + ", which may be missing: such an event is dead-lettered (missing-field),"
                  + " never given an id built around nothing");
        }
      } catch (MappingException e) {
        // Fails on an empty payload: nothing to say about concatenation.
      }
    }
    if (rule.customer() != null
        && rule.customer().phone() != null
        && rule.customer().phoneRegion() == null) {
      warnings.add(
          rule.file()
              + ": customer.phone: no phoneRegion here or in the configuration (rules.phone-region):"
              + " only numbers written with + and a country code are read; others are dropped from"
              + " the identity");
    }
    return warnings;
  }
}
