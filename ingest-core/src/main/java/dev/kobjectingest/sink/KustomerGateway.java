package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.kustomer.budget.BudgetUnavailableException;
import dev.kobjectingest.kustomer.budget.RequestBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every Kustomer call of the sink: one budget token, the request, what the server said, its
 * classification. Every request's outcome passes through one place ({@link #observed}); a failure
 * of the budget's store is an {@link Outcome#INFRASTRUCTURE} failure, never the record's.
 */
final class KustomerGateway implements KustomerApi {
  private final KustomerClient client;
  private final RequestBudget budget;
  private final Clock clock;
  private final SinkHealth health;
  private final LongAdder requests = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile MeterRegistry metrics = new SimpleMeterRegistry();

  KustomerGateway(KustomerClient client, RequestBudget budget, Clock clock, SinkHealth health) {
    this.client = client;
    this.budget = budget;
    this.clock = clock;
    this.health = health;
  }

  /** Records each request's latency by operation (method and path template) and status class. */
  void recordTo(MeterRegistry registry) {
    this.metrics = registry;
  }

  /** Kustomer's refusal of the key (401/403), once seen: nothing more is sent after it. */
  private volatile CallFailure refused;

  @Override
  public KustomerResponse call(String method, ApiPath path, JsonNode body, Set<Integer> accepted)
      throws CallFailure, InterruptedException {
    String operation = method + " " + path.template();
    CallFailure keyRefused = refused;
    if (keyRefused != null) {
      // The key is refused for every request: the calls already waiting stop here, unsent.
      throw keyRefused;
    }
    try {
      if (path.search()) {
        budget.acquireSearch();
      } else {
        budget.acquire();
      }
      health.budgetStoreAnswered();
    } catch (BudgetUnavailableException e) {
      health.budgetStoreFailed(e.getCause().getClass().getSimpleName());
      throw CallFailure.budgetUnavailable(operation, e);
    }
    requests.increment();
    long start = clock.millis();
    KustomerResponse r;
    inFlight.incrementAndGet();
    try {
      r = client.send(method, path.path(), body);
    } catch (IOException e) {
      observed(operation, "io-error", start);
      health.kustomerFailed(e.getClass().getSimpleName(), start);
      throw CallFailure.noAnswer(operation, e);
    } finally {
      inFlight.decrementAndGet();
    }
    observed(operation, statusClass(r.status()), start);
    health.kustomerAnswered(r.status(), start);
    budget.observe(r);
    if (r.ok() || accepted.contains(r.status())) {
      return r;
    }
    CallFailure failure = CallFailure.answered(Outcome.classify(r.status(), null), operation, r);
    if (failure.outcome() == Outcome.FATAL) {
      refused = failure;
    }
    throw failure;
  }

  /**
   * A closed set: 2xx, 404, 429, 4xx, 5xx. 429 and 404 are their own classes: throttling is what
   * ops watch, and a lookup's miss is normal traffic that must not look like a client error.
   */
  static String statusClass(int status) {
    return status == 429 || status == 404 ? Integer.toString(status) : (status / 100) + "xx";
  }

  /** Every request's answer, or its absence: the place for what watches Kustomer's health. */
  private void observed(String operation, String status, long startMillis) {
    // Tags from closed sets only: our own path templates (klass names come from config) and status
    // classes.
    Timer.builder("kustomer.api.requests")
        .description("Kustomer API requests by operation and status class")
        .tag("operation", operation)
        .tag("status", status)
        .publishPercentileHistogram()
        .register(metrics)
        .record(Duration.ofMillis(clock.millis() - startMillis));
  }

  int inFlight() {
    return inFlight.get();
  }

  long requests() {
    return requests.sum();
  }

  @Override
  public boolean budgetScarce() {
    return budget.scarce();
  }
}
