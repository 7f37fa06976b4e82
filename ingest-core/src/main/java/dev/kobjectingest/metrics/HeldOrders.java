package dev.kobjectingest.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one kind of hold keeps back (orders, customer updates), summed over the topology's tasks:
 * how many and the oldest hold, as a pair of gauges. Each task reports its own figures (it counts
 * its store, the truth after a restart or a rebalance) and withdraws them when it closes.
 */
final class HeldOrders {
  private final Map<String, long[]> byTask = new ConcurrentHashMap<>();

  HeldOrders(
      MeterRegistry registry, String name, String countDoc, String oldestName, String oldestDoc) {
    Gauge.builder(name, byTask, HeldOrders::count).description(countDoc).register(registry);
    Gauge.builder(oldestName, byTask, HeldOrders::oldest)
        .description(oldestDoc)
        .baseUnit("seconds")
        .register(registry);
  }

  void report(String task, long count, long oldestAgeMillis) {
    byTask.put(task, new long[] {count, oldestAgeMillis});
  }

  void gone(String task) {
    byTask.remove(task);
  }

  private static double count(Map<String, long[]> byTask) {
    return byTask.values().stream().mapToLong(v -> v[0]).sum();
  }

  private static double oldest(Map<String, long[]> byTask) {
    return byTask.values().stream().filter(v -> v[0] > 0).mapToLong(v -> v[1]).max().orElse(0)
        / 1000.0;
  }
}
