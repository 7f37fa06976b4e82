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
 * Kustomer's asynchronous bulk jobs (api-facts.md 5): a request of at most 100 items is accepted at
 * once as a {@code queued} job, split into batches processed one after another in the background,
 * and its per-item results ({@code _clientRef}, {@code objectId}, {@code status}, {@code error})
 * are read from {@code GET /v1/bulk/{id}/batches}. Each item goes through the same {@link
 * Operations} as a single call.
 */
final class BulkJobs {
  static final int MAX_ITEMS = 100;

  /** Applies one item; returns the object id and whether it was created or updated. */
  interface ItemOperation {
    Result apply(ObjectNode item, Instant now);
  }

  record Result(String objectId, String status) {}

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private volatile int batchSize;
  private volatile Duration batchDelay;

  BulkJobs(ScheduledExecutorService scheduler, Clock clock, int batchSize, Duration batchDelay) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.batchSize = batchSize;
    this.batchDelay = batchDelay;
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
    Job job =
        new Job(
            newId(now),
            context,
            method,
            path,
            (com.fasterxml.jackson.databind.node.ArrayNode) body.deepCopy(),
            now);
    int size = batchSize;
    for (int from = 0; from < body.size(); from += size) {
      job.batches.add(
          new Batch(job.id + "-" + (from / size + 1), from, Math.min(body.size(), from + size)));
    }
    jobs.put(job.id, job);
    scheduleNext(job, 0, op);
    return job.render();
  }

  ObjectNode job(String id) {
    return find(id).render();
  }

  ObjectNode batches(String id) {
    return find(id).renderBatches();
  }

  private Job find(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw ApiException.notFound("not_found", "no bulk job with id " + id);
    }
    return job;
  }

  private void scheduleNext(Job job, int batchIndex, ItemOperation op) {
    // runBatch turns every item failure into a per-item result, so the future carries nothing to
    // observe.
    Future<?> unused =
        scheduler.schedule(
            () -> runBatch(job, batchIndex, op), batchDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runBatch(Job job, int batchIndex, ItemOperation op) {
    Batch batch = job.batches.get(batchIndex);
    synchronized (job) {
      job.status = "running";
    }
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
    synchronized (job) {
      batch.complete(results, clock.instant());
      job.updatedAt = clock.instant();
      if (batchIndex + 1 == job.batches.size()) {
        job.status = "complete";
      }
    }
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

  private static final class Batch {
    final String id;
    final int from;
    final int to;
    String status = "queued";
    Instant completedAt;
    List<ObjectNode> results = List.of();

    Batch(String id, int from, int to) {
      this.id = id;
      this.from = from;
      this.to = to;
    }

    void complete(List<ObjectNode> done, Instant at) {
      this.results = done;
      this.status = "complete";
      this.completedAt = at;
    }
  }

  private static final class Job {
    final String id;
    final String context;
    final String method;
    final String path;
    final ArrayNode items;
    final Instant createdAt;
    final List<Batch> batches = new ArrayList<>();
    String status = "queued";
    Instant updatedAt;

    Job(String id, String context, String method, String path, ArrayNode items, Instant createdAt) {
      this.id = id;
      this.context = context;
      this.method = method;
      this.path = path;
      this.items = items;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    synchronized ObjectNode render() {
      ObjectNode a = Json.object();
      ArrayNode ids = a.putArray("ids");
      int complete = 0;
      for (Batch b : batches) {
        if (b.status.equals("complete")) {
          complete++;
          b.results.forEach(
              r -> {
                if (r.hasNonNull("objectId")) {
                  ids.add(r.get("objectId").asText());
                }
              });
        }
      }
      a.put("context", context).put("status", status).put("v2", true);
      ObjectNode api = a.putObject("payload").putObject("api");
      api.set("data", items.deepCopy());
      api.put("path", path).put("requestId", id).put("service", "emulator").put("method", method);
      api.putObject("user")
          .put("id", OrgState.USER_ID)
          .put("userType", "machine")
          .put("org", OrgState.ORG_ID)
          .put("orgName", "emulator")
          .put("subject", OrgState.USER_ID)
          .putArray("roles")
          .add("org.user.bulk.read");
      a.put("createdAt", Json.timestamp(createdAt));
      a.put("updatedAt", Json.timestamp(updatedAt));
      a.put("completed", status.equals("complete"));
      a.putObject("batches").put("complete", complete).put("total", batches.size());
      ObjectNode r = Json.object().put("type", "bulk").put("id", id);
      r.set("attributes", a);
      ObjectNode rel = r.putObject("relationships");
      ObjectNode org = rel.putObject("org");
      org.putObject("links").put("self", "/v1/orgs/" + OrgState.ORG_ID);
      org.putObject("data").put("type", "org").put("id", OrgState.ORG_ID);
      ObjectNode by = rel.putObject("createdBy");
      by.putObject("links").put("self", "/v1/users/" + OrgState.USER_ID);
      by.putObject("data").put("type", "user").put("id", OrgState.USER_ID);
      r.putObject("links").put("self", "/v1/bulk/" + id);
      return Representations.single(r);
    }

    synchronized ObjectNode renderBatches() {
      ObjectNode body = Json.object();
      ArrayNode data = body.putArray("data");
      for (Batch b : batches) {
        ObjectNode a = Json.object().put("status", b.status);
        ArrayNode objectIds = a.putArray("objectIds");
        ArrayNode errors = a.putArray("errors");
        int ok = 0;
        int failed = 0;
        for (ObjectNode r : b.results) {
          if (r.path("status").asText().equals("error")) {
            failed++;
            errors.add(r.deepCopy());
          } else {
            ok++;
            objectIds.add(r.get("objectId").asText());
          }
        }
        a.put("successCount", ok).put("failureCount", failed);
        if (b.completedAt != null) {
          a.put("completedAt", Json.timestamp(b.completedAt));
        }
        ArrayNode results = a.putArray("results");
        b.results.forEach(r -> results.add(r.deepCopy()));
        ObjectNode batch = data.addObject().put("type", "bulk_batch").put("id", b.id);
        batch.set("attributes", a);
      }
      body.putObject("links").put("self", "/v1/bulk/" + id + "/batches");
      return body;
    }
  }
}
