package dev.kobjectingest.sink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link IdTable} in memory, for tests. */
final class MapTable implements IdTable {
  final Map<String, String> values = new ConcurrentHashMap<>();
  final AtomicInteger catchUps = new AtomicInteger();

  /** What another instance writes meanwhile: seen at the next catch-up. */
  volatile Runnable onCatchUp = () -> {};

  @Override
  public String get(String key) {
    return values.get(key);
  }

  @Override
  public void put(String key, String value) {
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
  }

  @Override
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public void catchUp() {
    catchUps.incrementAndGet();
    onCatchUp.run();
  }
}
