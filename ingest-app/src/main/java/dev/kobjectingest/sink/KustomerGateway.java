package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.kustomer.budget.RequestBudget;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every Kustomer call of the sink: one budget token, the request, what the server said, its
 * classification.
 */
final class KustomerGateway {
  private final KustomerClient client;
  private final RequestBudget budget;
  private final LongAdder requests = new LongAdder();

  KustomerGateway(KustomerClient client, RequestBudget budget) {
    this.client = client;
    this.budget = budget;
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
    try {
      r = client.send(method, path, body);
    } catch (IOException e) {
      throw new CallFailure(Outcome.RETRIABLE, method + " " + template, null, e);
    }
    budget.observe(r);
    if (r.ok() || accepted.contains(r.status())) {
      return r;
    }
    throw new CallFailure(Outcome.classify(r.status(), null), method + " " + template, r, null);
  }

  long requests() {
    return requests.sum();
  }
}
