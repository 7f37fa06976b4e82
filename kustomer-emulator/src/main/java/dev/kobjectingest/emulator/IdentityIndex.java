package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which customers hold each unique contact point (email, phone, externalId), and the rule that one
 * customer at most may hold it. The shared forms ({@code sharedEmails}, ...) are not indexed:
 * Kustomer keeps them for contact points several people genuinely share. Not thread-safe; guarded
 * by {@link OrgState}'s lock.
 */
final class IdentityIndex {
  private final boolean enforceUniqueness;
  private final Map<String, Set<String>> owners = new HashMap<>();

  IdentityIndex(boolean enforceUniqueness) {
    this.enforceUniqueness = enforceUniqueness;
  }

  void clear() {
    owners.clear();
  }

  /** 409 when a customer other than {@code selfId} holds one of these identities. */
  void checkUnique(Set<String> identities, String selfId) {
    if (!enforceUniqueness) {
      return;
    }
    for (String key : identities) {
      for (String owner : owners.getOrDefault(key, Set.of())) {
        if (!owner.equals(selfId)) {
          String kind = key.substring(0, key.indexOf(':'));
          throw ApiException.conflict(
              "another customer already has this " + kind + " (customer " + owner + ")",
              "/" + (kind.equals("externalId") ? "externalId" : kind + "s"));
        }
      }
    }
  }

  void add(String id, Set<String> identities) {
    for (String key : identities) {
      owners.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id);
    }
  }

  void remove(String id, Set<String> identities) {
    for (String key : identities) {
      Set<String> held = owners.get(key);
      if (held != null) {
        held.remove(id);
        if (held.isEmpty()) {
          owners.remove(key);
        }
      }
    }
  }

  /** The first customer that took this identity, or null. */
  String firstOwner(String kind, String value) {
    Set<String> held = owners.getOrDefault(key(kind, value), Set.of());
    return held.isEmpty() ? null : held.iterator().next();
  }

  /** Identities held by more than one customer (possible only with uniqueness off). */
  int duplicates() {
    int n = 0;
    for (Set<String> held : owners.values()) {
      if (held.size() > 1) {
        n++;
      }
    }
    return n;
  }

  /** The unique identities of a customer document: emails, phones and externalIds. */
  static Set<String> identities(JsonNode doc) {
    Set<String> keys = new LinkedHashSet<>();
    if (doc.hasNonNull("externalId")) {
      keys.add(key("externalId", doc.get("externalId").asText()));
    }
    doc.path("externalIds")
        .forEach(n -> keys.add(key("externalId", n.path("externalId").asText())));
    doc.path("emails").forEach(n -> keys.add(key("email", n.path("email").asText())));
    doc.path("phones").forEach(n -> keys.add(key("phone", n.path("phone").asText())));
    return keys;
  }

  static String key(String kind, String value) {
    return switch (kind) {
      case "email" -> "email:" + normalizedEmail(value);
      case "phone" -> "phone:" + normalizedPhone(value);
      default -> "externalId:" + value;
    };
  }

  /** Emails compare without case and surrounding blanks. */
  static String normalizedEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** Phones compare by their digits: {@code +1 555-555 0100} is {@code 15555550100}. */
  static String normalizedPhone(String phone) {
    return phone.replaceAll("[^0-9]", "");
  }
}
