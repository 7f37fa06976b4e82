package dev.kobjectingest.mapping;

import java.util.List;

/**
 * What one raw record became: usually one outcome; a rule with {@code split} gives one per element
 * (one skip when it selects none). Each outcome is an event, a skipped event ({@code when} was
 * false) or a failure, and each failure becomes its own dead letter of the record.
 */
public record MappedRecord(List<Outcome> outcomes) {
  public MappedRecord {
    outcomes = List.copyOf(outcomes);
  }

  /** One event's outcome. {@code element} is its index in a split record, or -1. */
  public sealed interface Outcome permits Mapped, Skipped, Failed {
    int element();
  }

  /**
   * A mapped event, with the rule fields whose values were dropped rather than dead-lettering it (a
   * phone that cannot be read).
   */
  public record Mapped(int element, MappedEvent event, List<String> dropped) implements Outcome {
    public Mapped {
      dropped = List.copyOf(dropped);
    }
  }

  /** An event the rule's {@code when} does not apply to, or a split that selects nothing. */
  public record Skipped(int element, String why) implements Outcome {}

  /** An event that cannot be mapped: its dead letter's reason, field and message. */
  public record Failed(int element, MappingException error) implements Outcome {}
}
