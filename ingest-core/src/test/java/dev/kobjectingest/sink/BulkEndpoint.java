package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.support.FakeTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kustomer's bulk endpoints as a {@link FakeKustomer.Responder}: each job complete at once, each
 * item written as {@code id-<externalId>}; every other request goes to {@code otherwise}.
 */
final class BulkEndpoint implements FakeKustomer.Responder {
  private final AtomicInteger jobs = new AtomicInteger();
  private final Map<String, String> results = new ConcurrentHashMap<>();
  private final FakeKustomer.Responder otherwise;

  BulkEndpoint() {
    this(call -> FakeKustomer.error(500, "unexpected"));
  }

  BulkEndpoint(FakeKustomer.Responder otherwise) {
    this.otherwise = otherwise;
  }

  /**
   * A writer of order creates in bulk to {@code api}, not started; requests follow their jobs on
   * {@code time}, while batches linger by {@code clock}.
   */
  static BulkWriter orderCreates(
      KustomerApi api, FakeTime time, int maxItems, Duration linger, Clock clock) {
    return new BulkWriter(
        new BulkRequest(
            api,
            "POST",
            ApiPath.kobjectsBulk("order"),
            Duration.ofMinutes(1),
            time,
            time,
            new JobPace()),
        maxItems,
        linger,
        clock,
        Executors.newCachedThreadPool(),
        () -> false);
  }

  @Override
  public KustomerResponse answer(FakeKustomer.Call call) throws CallFailure {
    if (call.path().endsWith("/bulk")) {
      String job = "job-" + jobs.incrementAndGet();
      StringBuilder r = new StringBuilder();
      for (JsonNode item : call.body()) {
        r.append(r.length() == 0 ? "" : ",")
            .append("{'_clientRef':'")
            .append(item.path("_clientRef").asText())
            .append("','objectId':'id-")
            .append(item.path("externalId").asText())
            .append("','status':'created'}");
      }
      results.put("/v1/bulk/" + job + "/batches", r.toString());
      return FakeKustomer.created(job);
    }
    String batch = results.get(call.path());
    if (batch != null) {
      return FakeKustomer.json(
          200, "{'data':[{'attributes':{'status':'complete','results':[" + batch + "]}}]}");
    }
    return otherwise.answer(call);
  }
}
