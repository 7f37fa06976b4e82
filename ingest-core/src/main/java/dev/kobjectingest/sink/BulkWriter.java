package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Turns single writes from many worker threads into bulk requests: up to {@code maxItems} items per
 * request, sent when full or {@code linger} after its first item, each request run by a {@link
 * BatchRequest} (a {@link BulkRequest}, a {@link CustomerSearch}) on its own thread. A caller gets
 * its item's object id, or a {@link CallFailure}: the sink then retries that one record as it would
 * a single call.
 */
final class BulkWriter implements AutoCloseable {
  private final BatchRequest request;
  private final int maxItems;
  private final Duration linger;
  private final Clock clock;
  private final ExecutorService jobs;
  private final LinkedBlockingQueue<BulkRequest.Item> queue = new LinkedBlockingQueue<>();
  private final LongAdder items = new LongAdder();
  private final Thread flusher;
  private final BooleanSupplier scarce;

  static final int MAX_HOLD_LINGERS = 8;

  /**
   * A writer not sending yet: {@link #start()} starts it; tests take the batches themselves. While
   * items keep coming, or while {@code scarce} says the budget sets the pace (a request would only
   * wait for a token once sent), a batch not yet full stays open past its linger, up to {@link
   * #MAX_HOLD_LINGERS} lingers: fuller requests spend less of the budget on the same items.
   */
  BulkWriter(
      BatchRequest request,
      int maxItems,
      Duration linger,
      Clock clock,
      ExecutorService jobs,
      BooleanSupplier scarce) {
    this.scarce = scarce;
    this.request = request;
    this.maxItems = maxItems;
    this.linger = linger;
    this.clock = clock;
    this.jobs = jobs;
    this.flusher = new Thread(this::flushLoop, "bulk-" + request.name());
    flusher.setDaemon(true);
  }

  /** Starts sending; {@code jobs} runs the requests and is shut down on close. */
  BulkWriter start() {
    flusher.start();
    return this;
  }

  /** Writes one item in the next bulk request; returns its object id. */
  String write(ObjectNode item) throws CallFailure, InterruptedException {
    CompletableFuture<String> result = submit(item);
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CallFailure f) {
        throw f;
      }
      throw new IllegalStateException("bulk write failed", e.getCause());
    } catch (InterruptedException e) {
      result.cancel(false); // not sent if still queued
      throw e;
    }
  }

  /** Queues one item for the next bulk request; the future ends with its object id. */
  CompletableFuture<String> submit(ObjectNode item) {
    BulkRequest.Item pending = new BulkRequest.Item(item, new CompletableFuture<>());
    queue.add(pending);
    return pending.result();
  }

  /** Items sent in bulk requests so far. */
  long items() {
    return items.sum();
  }

  private void flushLoop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        List<BulkRequest.Item> batch = nextBatch();
        if (!batch.isEmpty()) {
          items.add(batch.size());
          jobs.execute(() -> request.run(batch));
        }
      }
    } catch (InterruptedException e) {
      // close()
    }
  }

  /**
   * Waits for a first item, then takes more until the batch is full or a {@code linger} has passed
   * with no new item (or, while the budget is scarce, until the hold is over), never longer than
   * {@link #MAX_HOLD_LINGERS} lingers; drops the items whose caller gave up (a revoked partition,
   * shutdown). Items that keep coming keep the batch open: in a backlog the topology hands commands
   * over at its own pace (tens per second), and a batch closed after one linger would carry a few
   * items for the same search, bulk request and job polls as a full one.
   */
  List<BulkRequest.Item> nextBatch() throws InterruptedException {
    List<BulkRequest.Item> batch = new ArrayList<>();
    batch.add(queue.take());
    long start = clock.millis();
    long deadline = start + linger.toMillis();
    long hold = start + linger.toMillis() * MAX_HOLD_LINGERS;
    int sizeAtLastLinger = batch.size();
    while (batch.size() < maxItems) {
      BulkRequest.Item next =
          queue.poll(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS);
      if (next != null) {
        batch.add(next);
      } else if (clock.millis() < hold
          && (batch.size() > sizeAtLastLinger || scarce.getAsBoolean())) {
        sizeAtLastLinger = batch.size();
        deadline = Math.min(hold, clock.millis() + linger.toMillis());
      } else {
        break;
      }
    }
    batch.removeIf(i -> i.result().isDone());
    return batch;
  }

  /** Stops sending; every queued item fails as unknown (its record is not finished here). */
  @Override
  public void close() {
    flusher.interrupt();
    jobs.shutdownNow();
    CallFailure f = request.unknown("the sink is stopping");
    BulkRequest.Item i;
    while ((i = queue.poll()) != null) {
      i.result().completeExceptionally(f);
    }
  }
}
