package dev.kobjectingest.mapping;

/**
 * Checks one mapped event against Kustomer's limits before it joins an order's state, so a
 * violation dead-letters the event that caused it and the state never holds something that cannot
 * be written. The limits that depend on several events (the number of custom attributes) are
 * bounded by the rules themselves, checked at load.
 */
public final class EventValidator {
  private EventValidator() {}

  public static void validate(MappedEvent event, WriteModel model) throws MappingException {
    if (event.order() != null) {
      KObjectComposer.checkTitle(event.order().title(), "order.title");
      KObjectComposer.checkTags(event.order().tags());
    }
    if (model == WriteModel.REL) {
      String field = event.kind() == RuleKind.LINE_ITEM ? "item.title" : "items.title";
      for (ElementPart item : event.items()) {
        KObjectComposer.checkTitle(item.title(), field + " (item " + item.id() + ")");
        if (item.custom().size() > RuleLoader.MAX_CUSTOM) {
          throw new MappingException(
              MappingException.Reason.RULE_VIOLATION,
              "items.custom",
              "more than 100 custom attributes");
        }
      }
    }
  }
}
