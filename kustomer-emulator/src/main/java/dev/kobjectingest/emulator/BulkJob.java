package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One asynchronous bulk job: its items, its batches and their results, rendered as {@code GET
 * /v1/bulk/{id}} and {@code GET /v1/bulk/{id}/batches} return them. Status {@code queued} until a
 * batch is picked up, {@code running} until the last batch completes, then {@code complete}.
 */
final class BulkJob {
  /** One batch of the job: a slice of its items, processed together. */
  static final class Batch {
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

    /** Picked up: Kustomer's batch status {@code scheduled}, until its items are applied. */
    void start() {
      this.status = "scheduled";
    }

    void complete(List<ObjectNode> done, Instant at) {
      this.results = done;
      this.status = "complete";
      this.completedAt = at;
    }
  }

  final String id;
  final String context;
  final String method;
  final String path;
  final ArrayNode items;
  final Instant createdAt;
  final List<Batch> batches = new ArrayList<>();
  String status = "queued";
  Instant updatedAt;

  BulkJob(
      String id, String context, String method, String path, ArrayNode items, Instant createdAt) {
    this.id = id;
    this.context = context;
    this.method = method;
    this.path = path;
    this.items = items;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }

  synchronized void startBatch(int index) {
    status = "running";
    batches.get(index).start();
  }

  /** Records a batch's results; the job is complete with its last batch. */
  synchronized void completeBatch(int index, List<ObjectNode> results, Instant at) {
    batches.get(index).complete(results, at);
    updatedAt = at;
    if (index + 1 == batches.size()) {
      status = "complete";
    }
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
