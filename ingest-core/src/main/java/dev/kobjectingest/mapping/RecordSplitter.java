package dev.kobjectingest.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A record whose rule has {@code split}: the events its expression selects, each mapped on its own
 * with {@code $record} bound to the whole record, within a limit per record.
 */
final class RecordSplitter {
  /** Maps one selected event; {@code element} is its index. */
  @FunctionalInterface
  interface EventMapping {
    MappedRecord.Outcome map(int element, Object input, Map<String, Object> vars);
  }

  private final Expression split;
  private final EventMapping events;

  RecordSplitter(Expression split, EventMapping events) {
    this.split = split;
    this.events = events;
  }

  MappedRecord split(Object input) {
    if (!(input instanceof Map) && !(input instanceof List)) {
      return failed(
          new MappingException(
              MappingException.Reason.INVALID_JSON,
              "",
              "payload is neither a JSON object nor an array: it is " + RuleValues.kindOf(input)));
    }
    List<?> elements;
    try {
      Object selected = split.evaluate(input, Map.of("record", input));
      // One element comes back as itself, not as a list of one: the shape must not depend on it.
      elements =
          selected == null ? List.of() : selected instanceof List<?> l ? l : List.of(selected);
    } catch (MappingException e) {
      return failed(e);
    }
    if (elements.size() > EventMapper.MAX_EVENTS_PER_RECORD) {
      return failed(
          new MappingException(
              MappingException.Reason.RULE_VIOLATION,
              "split",
              elements.size()
                  + " events in one record, over the limit of "
                  + EventMapper.MAX_EVENTS_PER_RECORD));
    }
    if (elements.isEmpty()) {
      // Nothing to map (an order without products): counted as skipped, never silently gone.
      return new MappedRecord(
          List.of(
              new MappedRecord.Skipped(-1, "split: " + split.source() + " selects no elements")));
    }
    List<MappedRecord.Outcome> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      Object e = elements.get(i);
      if (e instanceof Map) {
        out.add(events.map(i, e, Map.of("order", e, "record", input)));
      } else {
        out.add(
            new MappedRecord.Failed(
                i,
                new MappingException(
                        MappingException.Reason.INVALID_JSON,
                        "split",
                        "the element is "
                            + RuleValues.kindOf(e)
                            + ", not a JSON object: split must select objects")
                    .at("element " + i)));
      }
    }
    return new MappedRecord(out);
  }

  /** A record that fails as a whole: one dead letter, of no element. */
  static MappedRecord failed(MappingException e) {
    return new MappedRecord(List.of(new MappedRecord.Failed(-1, e)));
  }
}
