package dev.kobjectingest.sink;

import dev.kobjectingest.metrics.NotReady;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether the sink can reach what it needs, from the outcome of every request (one place sees them
 * all: {@link KustomerGateway}). Only a good answer (2xx, or a 4xx about the request itself) shows
 * that Kustomer takes work: when none came for longer than a threshold, Kustomer is unreachable (no
 * answer, 5xx, 408) or, once only 429 came for that long, throttling, so a lone blip or an
 * occasional 429 does not flip readiness. The time without a good answer counts from the later of
 * the last good answer and the start of the first request that got none: a request that hangs for
 * its whole timeout counts from when it was sent. The budget's store (Redis) counts as soon as it
 * fails, since no request can go out without it. So does the local disk under the id tables, for as
 * long as a record waits on it: a worker that met a {@link LocalStorageException} says so, and says
 * when its record ended (applied, or the sink stopping), so the cause clears with the last record
 * waiting.
 */
final class SinkHealth {
  private final Clock clock;
  private final Duration unreachableAfter;
  private long lastGood = -1;
  private long badSince = -1;
  private long throttledSince = -1;
  private String kustomerLast = "";
  private volatile long budgetFailingSince = -1;
  private volatile String budgetLast = "";
  // Per worker thread (each applies one record at a time): when it first failed, and the last
  // failure.
  private final Map<Thread, StorageWait> storageWaits = new ConcurrentHashMap<>();

  private record StorageWait(long since, LocalStorageException last) {}

  SinkHealth(Clock clock, Duration unreachableAfter) {
    this.clock = clock;
    this.unreachableAfter = unreachableAfter;
  }

  /** Kustomer answered {@code status} to a request sent at {@code startMillis}. */
  synchronized void kustomerAnswered(int status, long startMillis) {
    if (status >= 500 || status == 408 || status == 429) {
      noGoodAnswer("HTTP " + status, status == 429, startMillis);
    } else {
      lastGood = clock.millis();
      badSince = -1;
      throttledSince = -1;
    }
  }

  /** No answer came (refused, reset, timed out) to a request sent at {@code startMillis}. */
  synchronized void kustomerFailed(String why, long startMillis) {
    noGoodAnswer(why, false, startMillis);
  }

  private void noGoodAnswer(String why, boolean throttled, long startMillis) {
    kustomerLast = why;
    long since = Math.max(startMillis, lastGood);
    if (badSince < 0) {
      badSince = since;
    }
    if (!throttled) {
      throttledSince = -1;
    } else if (throttledSince < 0) {
      throttledSince = since;
    }
  }

  void budgetStoreAnswered() {
    if (budgetFailingSince >= 0) {
      budgetFailingSince = -1;
    }
  }

  void budgetStoreFailed(String why) {
    budgetLast = why;
    if (budgetFailingSince < 0) {
      budgetFailingSince = clock.millis();
    }
  }

  /** The record this thread applies cannot go on: the local disk failed. */
  void localStorageFailed(LocalStorageException e) {
    long now = clock.millis();
    storageWaits.merge(
        Thread.currentThread(), new StorageWait(now, e), (old, x) -> new StorageWait(old.since, e));
  }

  /** The record this thread applied no longer waits on the local disk. */
  void localStorageDone() {
    if (!storageWaits.isEmpty()) {
      storageWaits.remove(Thread.currentThread());
    }
  }

  /** What keeps the sink from making progress now. */
  List<NotReady> notReady() {
    List<NotReady> causes = new ArrayList<>();
    long now = clock.millis();
    NotReady kustomer = kustomer(now);
    if (kustomer != null) {
      causes.add(kustomer);
    }
    long budget = budgetFailingSince;
    if (budget >= 0) {
      causes.add(
          new NotReady(
              NotReady.BUDGET_STORE_UNREACHABLE,
              "kustomer.rate-limit.redis has failed for "
                  + (now - budget) / 1000
                  + " s (last: "
                  + budgetLast
                  + "); no request goes out until it answers, nothing is dead-lettered for it"));
    }
    NotReady storage = localStorage(now);
    if (storage != null) {
      causes.add(storage);
    }
    return causes;
  }

  private NotReady localStorage(long now) {
    List<StorageWait> waits = List.copyOf(storageWaits.values());
    if (waits.isEmpty()) {
      return null;
    }
    StorageWait first = Collections.min(waits, Comparator.comparingLong(StorageWait::since));
    String dirs =
        waits.stream().map(w -> w.last.dir()).distinct().sorted().collect(Collectors.joining(", "));
    return new NotReady(
        NotReady.LOCAL_STORAGE_FAILING,
        "the sink's local table in "
            + dirs
            + " has failed for "
            + (now - first.since) / 1000
            + " s (last: "
            + first.last.reason()
            + "); "
            + waits.size()
            + " records wait and are retried until the disk under streams.state.dir works again,"
            + " nothing is dead-lettered for it");
  }

  private synchronized NotReady kustomer(long now) {
    long threshold = unreachableAfter.toMillis();
    if (throttledSince >= 0 && now - throttledSince >= threshold) {
      return new NotReady(
          NotReady.KUSTOMER_THROTTLING,
          "Kustomer answered only 429 for "
              + (now - throttledSince) / 1000
              + " s: the org's API budget is spent (by another client too?), nothing is written"
              + " until it accepts requests again; lower kustomer.rate-limit.share if others share"
              + " the org");
    }
    if (badSince < 0 || now - badSince < threshold) {
      return null;
    }
    return new NotReady(
        NotReady.KUSTOMER_UNREACHABLE,
        "no good answer from Kustomer for "
            + (now - badSince) / 1000
            + " s (last: "
            + kustomerLast
            + "); writes are retried until sink.retry.deadline.ms");
  }
}
