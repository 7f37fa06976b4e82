package dev.kobjectingest.topology;

import dev.kobjectingest.deadletter.DeadLetter;
import dev.kobjectingest.mapping.MappedEvent;

/**
 * The mapping step's output: an event, or a dead letter with the original bytes. Lives only inside
 * a sub-topology.
 */
final class MappingResult {
  private final MappedEvent event;
  private final DeadLetter deadLetter;
  private final byte[] raw;

  private MappingResult(MappedEvent event, DeadLetter deadLetter, byte[] raw) {
    this.event = event;
    this.deadLetter = deadLetter;
    this.raw = raw;
  }

  static MappingResult ok(MappedEvent event) {
    return new MappingResult(event, null, null);
  }

  static MappingResult dead(DeadLetter deadLetter, byte[] raw) {
    return new MappingResult(null, deadLetter, raw);
  }

  boolean failed() {
    return deadLetter != null;
  }

  MappedEvent event() {
    return event;
  }

  DeadLetter deadLetter() {
    return deadLetter;
  }

  byte[] raw() {
    return raw;
  }
}
