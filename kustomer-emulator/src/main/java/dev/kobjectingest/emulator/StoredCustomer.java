package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One customer as the emulator holds it; guarded by {@link OrgState}'s lock. */
final class StoredCustomer {
  final String id;
  final Instant createdAt;
  ObjectNode attributes;
  Instant updatedAt;
  long rev = 1;

  StoredCustomer(String id, ObjectNode attributes, Instant createdAt) {
    this.id = id;
    this.attributes = attributes;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
