package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerErrors;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.support.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch as a Kustomer bulk request (docs/kustomer-api.md 5), each item tagged with a
 * {@code _clientRef}, and follows the asynchronous job ({@code GET /v1/bulk/{id}/batches}) to each
 * item's result. Every item's future ends with its object id or a retriable {@link CallFailure}:
 * the item's own error, or "unknown" when the job never said (the sink then looks before creating).
 * Every request, the follow-ups included, spends one unit of the budget.
 */
final class BulkRequest implements BatchRequest {
  private static final Logger LOG = LoggerFactory.getLogger(BulkRequest.class);
  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);
  private static final Duration MIN_SETTLE = Duration.ofSeconds(5);

  /** One item waiting for its bulk request: its body, and the caller's future of its object id. */
  record Item(ObjectNode body, CompletableFuture<String> result) {}

  private final KustomerApi api;
  private final String method;
  private final ApiPath path;
  private final Duration jobDeadline;
  private final Clock clock;
  private final Sleeper sleeper;

  private final JobPace pace;

  /** {@code pace}: how long jobs take, shared with the instance's other bulk writers. */
  BulkRequest(
      KustomerApi api,
      String method,
      ApiPath path,
      Duration jobDeadline,
      Clock clock,
      Sleeper sleeper,
      JobPace pace) {
    this.pace = pace;
    this.api = api;
    this.method = method;
    this.path = path;
    this.jobDeadline = jobDeadline;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** What the request is called in errors and logs. */
  @Override
  public String name() {
    return method + " " + path.template();
  }

  /** Sends the batch and completes every item's future. */
  @Override
  public void run(List<Item> batch) {
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    Map<String, Item> byRef = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      String ref = "i" + i;
      body.add(batch.get(i).body().deepCopy().put("_clientRef", ref));
      byRef.put(ref, batch.get(i));
    }
    try {
      String jobId = api.call(method, path, body, Set.of()).id();
      if (jobId == null) {
        failAll(byRef, unknown("the bulk response carried no job id"));
        return;
      }
      follow(jobId, byRef);
    } catch (CallFailure f) {
      if (!f.certainlyUnwritten() && f.outcome() == Outcome.RETRIABLE) {
        settle(batch.size());
      }
      failAll(byRef, f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failAll(byRef, unknown("interrupted"));
    } catch (RuntimeException e) {
      LOG.error("bulk {} failed unexpectedly", name(), e);
      failAll(byRef, unknown("unexpected: " + e));
    }
  }

  /**
   * A request that got no answer may still have started a job, which goes on without us: its items
   * are redone with a lookup before any create, and a lookup made before that job has written would
   * miss what it creates (an order made twice). So they wait about as long as a job takes here
   * (three times the expected, at least {@link #MIN_SETTLE}, at most the job deadline).
   */
  private void settle(int items) {
    long millis = Math.max(MIN_SETTLE.toMillis(), pace.expectedMillis(items) * 3);
    try {
      sleeper.sleep(Duration.ofMillis(Math.min(millis, jobDeadline.toMillis())));
    } catch (InterruptedException e) {
      // Stopping: the items fail now and their records are redone after the restart.
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Polls the job's batches until all are complete or the deadline: the first poll near when a job
   * of this size should complete ({@link JobPace}) (Kustomer's jobs take seconds; polling from 100
   * ms would spend five requests of the budget on each), then less and less often.
   */
  private void follow(String jobId, Map<String, Item> byRef)
      throws InterruptedException, CallFailure {
    long start = clock.millis();
    long deadline = start + jobDeadline.toMillis();
    long typical = pace.expectedMillis(byRef.size());
    Duration delay = longest(FIRST_POLL, Duration.ofMillis(typical * 4 / 5));
    Duration next = longest(FIRST_POLL.multipliedBy(2), Duration.ofMillis(typical / 4));
    while (clock.millis() < deadline) {
      sleeper.sleep(delay);
      delay = next;
      Duration doubled = next.multipliedBy(2);
      next = doubled.compareTo(MAX_POLL) < 0 ? doubled : MAX_POLL;
      JsonNode batches;
      try {
        batches = api.call("GET", ApiPath.bulkBatches(jobId), null, Set.of()).body();
      } catch (CallFailure f) {
        if (f.outcome() == Outcome.FATAL) {
          throw f;
        }
        continue; // the job goes on without us; ask again
      }
      if (complete(batches)) {
        pace.observed(clock.millis() - start, byRef.size());
        settle(batches, byRef);
        return;
      }
    }
    failAll(byRef, unknown("bulk job " + jobId + " unfinished after " + jobDeadline));
  }

  private static Duration longest(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
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

  private void settle(JsonNode batches, Map<String, Item> byRef) {
    for (JsonNode b : batches.path("data")) {
      for (JsonNode result : b.path("attributes").path("results")) {
        Item item = byRef.remove(result.path("_clientRef").asText());
        if (item == null) {
          continue;
        }
        if (KustomerErrors.bulkItemWritten(result)) {
          item.result().complete(result.path("objectId").asText());
        } else {
          item.result()
              .completeExceptionally(
                  CallFailure.bulkItem(
                      name() + " item",
                      KustomerErrors.bulkItemStatus(result),
                      KustomerErrors.bulkItemError(result),
                      result.toString()));
        }
      }
    }
    // An item the job did not report on: its outcome is unknown.
    failAll(byRef, unknown("the bulk job reported no result for the item"));
  }

  /** The items may or may not have been written: the sink redoes them with a lookup first. */
  @Override
  public CallFailure unknown(String why) {
    return CallFailure.unknown(name(), why);
  }

  private static void failAll(Map<String, Item> byRef, CallFailure f) {
    byRef.values().forEach(i -> i.result().completeExceptionally(f));
    byRef.clear();
  }
}
