package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns single writes from many worker threads into Kustomer bulk requests (api-facts.md 5): up to
 * {@code maxItems} items per request, sent when full or {@code linger} after the first item; the
 * asynchronous job is followed ({@code GET /v1/bulk/{id}/batches}) to its per-item results, matched
 * by {@code _clientRef}. Each caller gets its own item's object id, or a {@link CallFailure}: the
 * sink then retries that one record as it would a single call. Every request, the follow-ups
 * included, spends one unit of the budget.
 */
final class BulkWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  /**
   * Whether a failure certainly wrote nothing: Kustomer throttled or refused the request (or the
   * item) before doing anything. After any other failure a create may have happened.
   */
  static boolean unwritten(CallFailure f) {
    return f.status() != null && (f.status() == 429 || f.status() == 503);
  }

  private record Pending(ObjectNode item, CompletableFuture<String> result) {}

  private final KustomerGateway api;
  private final String method;
  private final String path;
  private final String template;
  private final int maxItems;
  private final long lingerNanos;
  private final Duration jobDeadline;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ExecutorService jobs;
  private final Thread flusher;
  private final LongAdder items = new LongAdder();
  private volatile boolean running = true;

  BulkWriter(
      KustomerGateway api,
      String method,
      String path,
      String template,
      int maxItems,
      Duration linger,
      Duration jobDeadline) {
    this.api = api;
    this.method = method;
    this.path = path;
    this.template = template;
    this.maxItems = maxItems;
    this.lingerNanos = linger.toNanos();
    this.jobDeadline = jobDeadline;
    this.jobs =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "bulk-job");
              t.setDaemon(true);
              return t;
            });
    this.flusher = new Thread(this::flushLoop, "bulk-" + method + "-" + template);
    flusher.setDaemon(true);
    flusher.start();
  }

  /** Writes one item in the next bulk request; returns its object id. */
  String write(ObjectNode item) throws CallFailure, InterruptedException {
    Pending p = new Pending(item, new CompletableFuture<>());
    queue.add(p);
    try {
      return p.result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CallFailure f) {
        throw f;
      }
      throw new IllegalStateException("bulk write failed", e.getCause());
    } catch (InterruptedException e) {
      p.result.cancel(false);
      throw e;
    }
  }

  long items() {
    return items.sum();
  }

  private void flushLoop() {
    while (running) {
      List<Pending> batch = new ArrayList<>();
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxItems) {
          Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      // A caller interrupted while waiting (a revoked partition, shutdown) no longer wants it.
      batch.removeIf(p -> p.result.isDone());
      if (!batch.isEmpty()) {
        jobs.execute(() -> run(batch));
      }
    }
  }

  private void run(List<Pending> batch) {
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    Map<String, Pending> byRef = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      String ref = "i" + i;
      ObjectNode item = batch.get(i).item.deepCopy();
      item.put("_clientRef", ref);
      body.add(item);
      byRef.put(ref, batch.get(i));
    }
    try {
      items.add(batch.size());
      KustomerResponse job = api.call(method, path, body, template, Set.of());
      String jobId = job.id();
      if (jobId == null) {
        failAll(byRef, unknown("the bulk response carried no job id"));
        return;
      }
      follow(jobId, byRef);
    } catch (CallFailure f) {
      failAll(byRef, f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failAll(byRef, unknown("interrupted"));
    } catch (RuntimeException e) {
      LOG.error("bulk {} {} failed unexpectedly", method, template, e);
      failAll(byRef, unknown("unexpected: " + e));
    }
  }

  /** Polls the job's batches until all are complete or the deadline passes. */
  private void follow(String jobId, Map<String, Pending> byRef)
      throws InterruptedException, CallFailure {
    long deadline = System.nanoTime() + jobDeadline.toNanos();
    long delay = FIRST_POLL.toMillis();
    while (System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(delay);
      delay = Math.min(delay * 2, MAX_POLL.toMillis());
      KustomerResponse r;
      try {
        r =
            api.call(
                "GET", "/v1/bulk/" + jobId + "/batches", null, "/v1/bulk/{id}/batches", Set.of());
      } catch (CallFailure f) {
        if (f.outcome() == Outcome.FATAL) {
          throw f;
        }
        continue; // the job goes on without us; ask again
      }
      if (complete(r.body())) {
        settle(r.body(), byRef);
        return;
      }
    }
    failAll(byRef, unknown("bulk job " + jobId + " unfinished after " + jobDeadline));
  }

  private static boolean complete(JsonNode batches) {
    JsonNode data = batches.path("data");
    if (!data.isArray() || data.isEmpty()) {
      return false;
    }
    for (JsonNode b : data) {
      if (!"complete".equals(b.path("attributes").path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  private void settle(JsonNode batches, Map<String, Pending> byRef) {
    for (JsonNode b : batches.path("data")) {
      for (JsonNode result : b.path("attributes").path("results")) {
        Pending p = byRef.remove(result.path("_clientRef").asText());
        if (p == null) {
          continue;
        }
        String status = result.path("status").asText();
        String objectId = result.path("objectId").asText(null);
        if (!"error".equals(status) && objectId != null) {
          p.result.complete(objectId);
        } else {
          p.result.completeExceptionally(itemFailure(result));
        }
      }
    }
    // An item the job did not report on: its outcome is unknown.
    failAll(byRef, unknown("the bulk job reported no result for the item"));
  }

  /**
   * An item's error, as the single call would have answered: the status Kustomer reports for it (a
   * duplicate is a 409), retriable so the sink redoes the item with single calls, which decide.
   */
  private CallFailure itemFailure(JsonNode result) {
    String error = result.path("error").asText("bulk item failed");
    int status =
        result.hasNonNull("statusCode")
            ? result.get("statusCode").asInt()
            : error.toLowerCase(java.util.Locale.ROOT).contains("duplicate") ? 409 : 400;
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("errors").addObject().put("code", "bulk_item_" + status).put("detail", error);
    return new CallFailure(
        Outcome.RETRIABLE,
        method + " " + template + " item",
        KustomerResponse.of(status, body),
        null);
  }

  /** The items may or may not have been written: the sink redoes them with a lookup first. */
  private CallFailure unknown(String why) {
    return new CallFailure(
        Outcome.RETRIABLE, method + " " + template, null, new java.io.IOException(why));
  }

  private static void failAll(Map<String, Pending> byRef, CallFailure f) {
    byRef.values().forEach(p -> p.result.completeExceptionally(f));
    byRef.clear();
  }

  @Override
  public void close() {
    running = false;
    flusher.interrupt();
    jobs.shutdownNow();
    CallFailure f = unknown("the sink is stopping");
    Pending p;
    while ((p = queue.poll()) != null) {
      p.result.completeExceptionally(f);
    }
  }
}
