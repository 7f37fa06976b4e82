package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One KObject as the emulator holds it; guarded by {@link OrgState}'s lock. */
final class StoredKObject {
  final String id;
  final String klass;
  final String customerId;
  final Instant createdAt;
  ObjectNode attributes;
  Instant updatedAt;
  long rev = 1;

  StoredKObject(
      String id, String klass, String customerId, ObjectNode attributes, Instant createdAt) {
    this.id = id;
    this.klass = klass;
    this.customerId = customerId;
    this.attributes = attributes;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  String externalId() {
    return attributes.path("externalId").asText(null);
  }
}
