package dev.kobjectingest.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which KObjects of a klass carry each externalId, oldest first. Kustomer is not known to enforce
 * KObject externalId uniqueness, so several may; the lookup returns the oldest and the stats count
 * the pairs held twice. Not thread-safe; guarded by {@link OrgState}'s lock.
 */
final class ExternalIdIndex {
  private final Map<String, List<String>> ids = new HashMap<>();

  void clear() {
    ids.clear();
  }

  void add(String klass, String externalId, String id) {
    if (externalId != null) {
      ids.computeIfAbsent(key(klass, externalId), k -> new ArrayList<>()).add(id);
    }
  }

  void remove(String klass, String externalId, String id) {
    if (externalId != null) {
      List<String> held = ids.get(key(klass, externalId));
      if (held != null) {
        held.remove(id);
      }
    }
  }

  /** The oldest object of the klass with this externalId, or null. */
  String oldest(String klass, String externalId) {
    List<String> held = ids.getOrDefault(key(klass, externalId), List.of());
    return held.isEmpty() ? null : held.get(0);
  }

  /** (klass, externalId) pairs held by more than one object. */
  int duplicates() {
    int n = 0;
    for (List<String> held : ids.values()) {
      if (held.size() > 1) {
        n++;
      }
    }
    return n;
  }

  private static String key(String klass, String externalId) {
    return klass + '\u0000' + externalId;
  }
}
