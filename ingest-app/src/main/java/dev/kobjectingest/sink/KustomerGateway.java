package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.kustomer.budget.RequestBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every Kustomer call of the sink: one budget token, the request, what the server said, its
 * classification.
 */
final class KustomerGateway {
  private final KustomerClient client;
  private final RequestBudget budget;
  private final LongAdder requests = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile MeterRegistry metrics = new SimpleMeterRegistry();

  KustomerGateway(KustomerClient client, RequestBudget budget) {
    this.client = client;
    this.budget = budget;
  }

  /** Records each request's latency by operation (method and path template) and status class. */
  void recordTo(MeterRegistry registry) {
    this.metrics = registry;
  }

  /**
   * Sends one request; returns the response when its status is 2xx or one of {@code accepted} (a
   * lookup's 404), and otherwise throws a classified {@link CallFailure}. {@code template} names
   * the request in errors without ids or emails ({@code GET /v1/customers/email=}).
   */
  KustomerResponse call(
      String method, String path, JsonNode body, String template, Set<Integer> accepted)
      throws CallFailure, InterruptedException {
    budget.acquire();
    requests.increment();
    KustomerResponse r;
    long start = System.nanoTime();
    inFlight.incrementAndGet();
    try {
      r = client.send(method, path, body);
    } catch (IOException e) {
      time(method, template, "io-error", start);
      throw new CallFailure(Outcome.RETRIABLE, method + " " + template, null, e);
    } finally {
      inFlight.decrementAndGet();
    }
    time(method, template, statusClass(r.status()), start);
    budget.observe(r);
    if (r.ok() || accepted.contains(r.status())) {
      return r;
    }
    throw new CallFailure(Outcome.classify(r.status(), null), method + " " + template, r, null);
  }

  /**
   * A closed set: 2xx, 404, 429, 4xx, 5xx. 429 and 404 are their own classes: throttling is what
   * ops watch, and a lookup's miss is normal traffic that must not look like a client error.
   */
  static String statusClass(int status) {
    return status == 429 || status == 404 ? Integer.toString(status) : (status / 100) + "xx";
  }

  private void time(String method, String template, String status, long startNanos) {
    // Tags from closed sets only: our own path templates (klass names come from config) and status
    // classes.
    Timer.builder("kustomer.api.requests")
        .description("Kustomer API requests by operation and status class")
        .tag("operation", method + " " + template)
        .tag("status", status)
        .publishPercentileHistogram()
        .register(metrics)
        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  int inFlight() {
    return inFlight.get();
  }

  long requests() {
    return requests.sum();
  }
}
