package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kustomer's asynchronous bulk jobs (docs/kustomer-api.md 5): a request of at most 100 items is
 * accepted at once as a {@code queued} job, split into batches processed one after another in the
 * background (each waits the batch delay, then takes the batch latency before its items land), and
 * its per-item results ({@code _clientRef}, {@code objectId}, {@code status}, {@code error}) are
 * read from {@code GET /v1/bulk/{id}/batches}. Each item goes through the same {@link Operations}
 * as a single call.
 */
final class BulkJobs {
  static final int MAX_ITEMS = 100;

  /** Applies one item; returns the object id and whether it was created or updated. */
  interface ItemOperation {
    Result apply(ObjectNode item, Instant now);
  }

  record Result(String objectId, String status) {}

  private final Map<String, BulkJob> jobs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final int batchSize;
  private volatile Duration batchDelay;
  private volatile Duration batchLatency;

  BulkJobs(
      ScheduledExecutorService scheduler,
      Clock clock,
      int batchSize,
      Duration batchDelay,
      Duration batchLatency) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.batchSize = batchSize;
    this.batchDelay = batchDelay;
    this.batchLatency = batchLatency;
  }

  /**
   * Changes the pace of batches not yet picked up: the wait before each batch, and the time each
   * takes once it runs.
   */
  void setTiming(Duration delay, Duration latency) {
    if (delay.isNegative() || latency.isNegative()) {
      throw new IllegalArgumentException("bulk batch delay and latency must not be negative");
    }
    this.batchDelay = delay;
    this.batchLatency = latency;
  }

  Duration batchDelay() {
    return batchDelay;
  }

  Duration batchLatency() {
    return batchLatency;
  }

  void clear() {
    jobs.clear();
  }

  int count() {
    return jobs.size();
  }

  /**
   * Validates the envelope (an array of at most 100 objects, {@code _clientRef} on all items or
   * none, unique, 1 to 255 chars) and queues the job. Item-level problems are not checked here:
   * they become per-item errors.
   */
  ObjectNode submit(
      String context, String method, String path, JsonNode body, ItemOperation op, Instant now) {
    if (!body.isArray()) {
      throw ApiException.badRequest("bulk body must be an array of items", "");
    }
    if (body.isEmpty() || body.size() > MAX_ITEMS) {
      throw ApiException.badRequest(
          "bulk body must hold 1 to " + MAX_ITEMS + " items, had " + body.size(), "");
    }
    int withRef = 0;
    Set<String> refs = new HashSet<>();
    for (int i = 0; i < body.size(); i++) {
      JsonNode item = body.get(i);
      if (!item.isObject()) {
        throw ApiException.badRequest("bulk items must be objects", "/" + i);
      }
      JsonNode ref = item.get("_clientRef");
      if (ref != null) {
        withRef++;
        if (!ref.isTextual() || ref.asText().isEmpty() || ref.asText().length() > 255) {
          throw ApiException.badRequest(
              "_clientRef must be a string of 1 to 255 characters", "/" + i + "/_clientRef");
        }
        if (!refs.add(ref.asText())) {
          throw ApiException.badRequest(
              "_clientRef values must be unique within a request", "/" + i + "/_clientRef");
        }
      }
    }
    if (withRef != 0 && withRef != body.size()) {
      throw ApiException.badRequest("_clientRef must be set on every item or on none", "");
    }
    BulkJob job = new BulkJob(newId(now), context, method, path, (ArrayNode) body.deepCopy(), now);
    int size = batchSize;
    for (int from = 0; from < body.size(); from += size) {
      job.batches.add(
          new BulkJob.Batch(
              job.id + "-" + (from / size + 1), from, Math.min(body.size(), from + size)));
    }
    jobs.put(job.id, job);
    // Rendered before the first batch is scheduled: the answer always shows the job queued.
    ObjectNode accepted = job.render();
    scheduleNext(job, 0, op);
    return accepted;
  }

  ObjectNode job(String id) {
    return find(id).render();
  }

  ObjectNode batches(String id) {
    return find(id).renderBatches();
  }

  private BulkJob find(String id) {
    BulkJob job = jobs.get(id);
    if (job == null) {
      throw ApiException.notFound("not_found", "no bulk job with id " + id);
    }
    return job;
  }

  private void scheduleNext(BulkJob job, int batchIndex, ItemOperation op) {
    // runBatch turns every item failure into a per-item result, so the futures carry nothing to
    // observe.
    Future<?> unused =
        scheduler.schedule(
            () -> startBatch(job, batchIndex, op), batchDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The batch is picked up; its items land once it has taken the batch latency. */
  private void startBatch(BulkJob job, int batchIndex, ItemOperation op) {
    job.startBatch(batchIndex);
    long latency = batchLatency.toMillis();
    if (latency == 0) {
      runBatch(job, batchIndex, op);
    } else {
      Future<?> unused =
          scheduler.schedule(() -> runBatch(job, batchIndex, op), latency, TimeUnit.MILLISECONDS);
    }
  }

  private void runBatch(BulkJob job, int batchIndex, ItemOperation op) {
    BulkJob.Batch batch = job.batches.get(batchIndex);
    List<ObjectNode> results = new ArrayList<>();
    for (int i = batch.from; i < batch.to; i++) {
      ObjectNode item = (ObjectNode) job.items.get(i);
      String ref = item.path("_clientRef").asText(null);
      ObjectNode input = item.deepCopy();
      input.remove("_clientRef");
      ObjectNode result = Json.object();
      if (ref != null) {
        result.put("_clientRef", ref);
      }
      Instant now = clock.instant();
      try {
        Result r = op.apply(input, now);
        result.put("objectId", r.objectId()).put("status", r.status());
      } catch (ApiException e) {
        result.putNull("objectId").put("status", "error").put("statusCode", e.status());
        result.put("error", errorText(e));
      } catch (RuntimeException e) {
        result.putNull("objectId").put("status", "error").put("statusCode", 500);
        result.put("error", "internal error: " + e);
      }
      results.add(result);
    }
    job.completeBatch(batchIndex, results, clock.instant());
    if (batchIndex + 1 < job.batches.size()) {
      scheduleNext(job, batchIndex + 1, op);
    }
  }

  private static String errorText(ApiException e) {
    JsonNode err = e.body().path("errors").path(0);
    String text =
        err.hasNonNull("message") ? err.get("message").asText() : err.path("detail").asText();
    return text.isEmpty() ? "error " + e.status() : text;
  }

  private String newId(Instant now) {
    return String.format(
        Locale.ROOT, "%08x%016x", now.getEpochSecond(), 0xb000_0000L + ids.incrementAndGet());
  }
}
