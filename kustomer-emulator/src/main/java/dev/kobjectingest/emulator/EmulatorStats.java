package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counters behind {@code GET /__emulator/stats}. */
final class EmulatorStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder searches = new LongAdder();
  private final LongAdder searchThrottled = new LongAdder();
  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();

  void request(String operation) {
    requests.increment();
    byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
  }

  void status(int status) {
    byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    if (status == 429) {
      throttled.increment();
    }
  }

  void dropped() {
    dropped.increment();
  }

  /** A search admitted by the search and org budgets. */
  void search() {
    searches.increment();
  }

  /** A search refused by the search budget (a 429, also counted in {@code throttled}). */
  void searchThrottled() {
    searchThrottled.increment();
  }

  void fault(String kind) {
    faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  void reset() {
    requests.reset();
    throttled.reset();
    dropped.reset();
    searches.reset();
    searchThrottled.reset();
    byStatus.clear();
    byOperation.clear();
    faults.clear();
  }

  long requests() {
    return requests.sum();
  }

  /** Writes the counters into {@code out}, the stats document the state and limiter also fill. */
  void writeTo(ObjectNode out) {
    out.put("requests", requests.sum());
    out.put("throttled", throttled.sum());
    out.put("dropped", dropped.sum());
    out.put("searches", searches.sum());
    out.put("searchThrottled", searchThrottled.sum());
    ObjectNode statuses = out.putObject("byStatus");
    new TreeMap<>(byStatus).forEach((k, v) -> statuses.put(String.valueOf(k), v.sum()));
    ObjectNode ops = out.putObject("byOperation");
    new TreeMap<>(byOperation).forEach((k, v) -> ops.put(k, v.sum()));
    ObjectNode injected = out.putObject("faultsInjected");
    new TreeMap<>(faults).forEach((k, v) -> injected.put(k, v.sum()));
  }
}
