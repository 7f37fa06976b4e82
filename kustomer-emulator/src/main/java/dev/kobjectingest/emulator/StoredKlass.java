package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One klass and its metadata; guarded by {@link OrgState}'s lock. */
final class StoredKlass {
  final String id;
  final String name;
  final ObjectNode attributes;
  final Instant createdAt;

  StoredKlass(String id, String name, ObjectNode attributes, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.attributes = attributes;
    this.createdAt = createdAt;
  }
}
