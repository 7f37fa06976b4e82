package dev.kobjectingest.topology;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which due customer updates go out at a send, by wall clock. At trickle, all of them. While the
 * topology is catching up, only those due longer than the pace's max wait: in a backlog a
 * customer's orders arrive minutes apart, and an update per order costs a request each; held, they
 * collapse into about one, sent when the backlog is done (the next send that sees no record, or
 * only recent ones) or when the wait runs out.
 *
 * <p>Catching up means a record processed since the last send is older, by wall clock, than the
 * interval: records that waited that long are a backlog, not live traffic. A record carries its
 * source events' time (an order released when its customer's id was learned included), and the
 * oldest counts, not the newest. In-memory only: the due marks themselves are in the profiles'
 * store, and after a restart they count as due from the restart.
 */
final class DueUpdates {
  private final long intervalMs;
  private final long maxWaitMs;
  // Customer id to the wall-clock time it became due; insertion order is due order.
  private final Map<String, Long> since = new LinkedHashMap<>();
  private long oldestRecord = Long.MAX_VALUE;

  DueUpdates(CustomerUpdatePace pace) {
    this.intervalMs = pace.interval().toMillis();
    this.maxWaitMs = pace.maxWait().toMillis();
  }

  /**
   * The customer's update became due at {@code now}; one due already keeps its first time. Whether
   * it was not due before.
   */
  boolean due(String customerId, long now) {
    return since.putIfAbsent(customerId, now) == null;
  }

  /** Customers whose update is due and not taken yet. */
  int count() {
    return since.size();
  }

  /** How long the longest-due update has waited at {@code now}; 0 when none is due. */
  long oldestAgeMillis(long now) {
    return since.isEmpty() ? 0 : Math.max(0, now - since.values().iterator().next());
  }

  /** A record of this event time was processed. */
  void seen(long recordTimestamp) {
    oldestRecord = Math.min(oldestRecord, recordTimestamp);
  }

  /** Whether the records processed since the last send say the topology is catching up. */
  boolean catchingUp(long now) {
    return oldestRecord != Long.MAX_VALUE && now - oldestRecord > intervalMs;
  }

  /** The customers whose updates go out now, removed from the due ones, in due order. */
  List<String> take(long now) {
    boolean hold = catchingUp(now);
    oldestRecord = Long.MAX_VALUE;
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, Long>> it = since.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (hold && now - e.getValue() < maxWaitMs) {
        break; // the rest became due later still
      }
      out.add(e.getKey());
      it.remove();
    }
    return out;
  }

  void clear() {
    since.clear();
    oldestRecord = Long.MAX_VALUE;
  }
}
