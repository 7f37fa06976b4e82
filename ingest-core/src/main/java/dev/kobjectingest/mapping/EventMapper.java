package dev.kobjectingest.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@link SourceRule} to one raw payload. Pure: no Kafka, no I/O, no clock. Not
 * thread-safe (it owns compiled expressions); build one per thread from {@link SourceRule#copy()}.
 */
public final class EventMapper {
  /** The most events one record may split into; more is a dead letter of the record. */
  public static final int MAX_EVENTS_PER_RECORD = 1_000;

  private final SourceRule rule;
  private final RuleValues values;
  private final ElementMapper elements;

  public EventMapper(SourceRule rule) {
    this.rule = rule;
    this.values = new RuleValues(rule);
    this.elements = new ElementMapper(values);
  }

  public SourceRule rule() {
    return rule;
  }

  /**
   * Maps a record whose rule yields exactly one event (no {@code split}, no {@code when} that skips
   * it); every way it can fail is a {@link MappingException} with a reason and a field.
   */
  public MappedEvent map(byte[] payload) throws MappingException {
    MappedRecord r = mapRecord(payload);
    for (MappedRecord.Outcome o : r.outcomes()) {
      if (o instanceof MappedRecord.Failed f) {
        throw f.error();
      }
    }
    if (r.outcomes().size() != 1 || !(r.outcomes().get(0) instanceof MappedRecord.Mapped m)) {
      throw new MappingException(
          MappingException.Reason.RULE_VIOLATION,
          "",
          "the record yields " + r.outcomes().size() + " events, or was skipped; use mapRecord");
    }
    return m.event();
  }

  /**
   * Maps one raw record: its events (one, or one per element with {@code split}), each mapped,
   * skipped or failed on its own. Never throws: every failure is an outcome with a reason.
   */
  public MappedRecord mapRecord(byte[] payload) {
    Object input;
    try {
      input = Payloads.parse(payload);
    } catch (MappingException e) {
      return RecordSplitter.failed(e);
    }
    if (rule.split() != null) {
      return new RecordSplitter(rule.split(), this::event).split(input);
    }
    if (!(input instanceof Map)) {
      return RecordSplitter.failed(notAnObject(input));
    }
    return new MappedRecord(List.of(event(-1, input, Map.of("order", input))));
  }

  private MappedRecord.Outcome event(int element, Object input, Map<String, Object> vars) {
    try {
      if (rule.when() != null
          && !com.dashjoin.jsonata.Jsonata.boolize(rule.when().evaluate(input, vars))) {
        return new MappedRecord.Skipped(element, "when: " + rule.when().source() + " is false");
      }
      List<String> dropped = new ArrayList<>();
      return new MappedRecord.Mapped(element, event(input, vars, dropped), dropped);
    } catch (MappingException e) {
      return new MappedRecord.Failed(element, element < 0 ? e : e.at("element " + element));
    }
  }

  private MappedEvent event(Object input, Map<String, Object> vars, List<String> dropped)
      throws MappingException {
    String orderId = values.id(rule.orderId(), input, vars);
    long version = values.version(input, vars);
    return switch (rule.kind()) {
      case ORDER -> orderEvent(input, vars, orderId, version, dropped);
      case SHIPMENT ->
          new MappedEvent(
              RuleKind.SHIPMENT,
              orderId,
              version,
              null,
              null,
              null,
              false,
              null,
              List.of(elements.element(rule.shipments(), input, vars, "")));
      case LINE_ITEM -> lineItemEvent(input, vars, orderId, version);
    };
  }

  private static MappingException notAnObject(Object input) {
    String hint =
        input instanceof List
            ? ": it is a JSON array; to map each element as an event, give the rule split: $"
            : ": it is " + RuleValues.kindOf(input);
    return new MappingException(
        MappingException.Reason.INVALID_JSON, "", "payload is not a JSON object" + hint);
  }

  private MappedEvent orderEvent(
      Object input, Map<String, Object> vars, String orderId, long version, List<String> dropped)
      throws MappingException {
    CustomerIdentity customer =
        new CustomerIdentityMapper(rule.customer(), values).map(input, vars, dropped);
    ObjectMapping o = rule.order();
    String title = values.title(o.title(), input, vars, "order.title");
    OrderPart order =
        new OrderPart(
            title,
            values.custom(o.custom(), input, vars),
            DataValues.data(o.data(), input, vars),
            DataValues.tags(o.tags(), input, vars),
            new CustomerFactsMapper(rule, values).map(input, vars, version));
    List<ElementPart> items = elements.elements(rule.items(), input, vars, "items");
    List<ElementPart> shipments = elements.elements(rule.shipments(), input, vars, "shipments");
    return new MappedEvent(
        RuleKind.ORDER,
        orderId,
        version,
        customer,
        order,
        items,
        rule.items() != null,
        null,
        shipments);
  }

  private MappedEvent lineItemEvent(
      Object input, Map<String, Object> vars, String orderId, long version)
      throws MappingException {
    CollectionMapping m = rule.items();
    if (m.remove() != null) {
      Object remove = values.value(m.remove(), input, vars);
      if (remove != null && Coercion.bool(remove, "remove")) {
        return new MappedEvent(
            RuleKind.LINE_ITEM,
            orderId,
            version,
            null,
            null,
            null,
            false,
            List.of(values.id(m.id(), input, vars)),
            null);
      }
    }
    return new MappedEvent(
        RuleKind.LINE_ITEM,
        orderId,
        version,
        null,
        null,
        List.of(elements.element(m, input, vars, "item")),
        false,
        null,
        null);
  }
}
