package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.testsupport.RedisTestServer;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One org budget, when it is the bottleneck: several instances, and other clients of the same org.
 */
class SharedBudgetIT {
  private static final int BUDGET = 600;

  @Test
  void twoInstancesSharingOneRedisBucketStayWithinTheOrgBudget() throws Exception {
    Map<String, String> redis =
        Map.of(
            "kustomer.rate-limit.redis",
            RedisTestServer.shared().uri(),
            "kustomer.rate-limit.key",
            "budget-" + UUID.randomUUID(),
            // Single calls: enough requests that the shared budget, not the work, is the limit.
            "sink.bulk.enabled",
            "false");
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, redis)) {
      DemoOrders orders = new DemoOrders(303, 21);
      long start = System.nanoTime();
      try (Pipeline a = f.scenario.startInstance("a", Map.of());
          Pipeline b = f.scenario.startInstance("b", Map.of())) {
        f.scenario.publish(orders.records());
        DemoSummary s =
            f.scenario.await(
                orders,
                Duration.ofMinutes(4),
                () -> a.failure() != null ? a.failure() : b.failure(),
                start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(300);
        assertThat(s.throttled()).as("429s caused by our own traffic").isZero();
        assertThat(a.sink().apiRequests()).as("instance a worked").isPositive();
        assertThat(b.sink().apiRequests()).as("instance b worked").isPositive();
      }
    }
  }

  @Test
  void anotherClientSpendingPartOfTheBudgetCausesNo429Storm() throws Exception {
    // Ops leave room for the org's other clients with kustomer.rate-limit.share. Single calls, and
    // enough orders to keep the pipeline at its share for about a minute: the budget is contended.
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.NESTED,
            BUDGET,
            Map.of("kustomer.rate-limit.share", "0.6", "sink.bulk.enabled", "false"))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger other = new AtomicInteger();
      Thread otherClient = new Thread(() -> spend(f, stop, other), "other-client");
      otherClient.start();
      DemoOrders orders = new DemoOrders(202, 9);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(orders.records());
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(4), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(200);
        assertThat(s.throttled()).isZero();
        assertThat(other.get()).as("the other client did spend budget").isGreaterThan(50);
      } finally {
        stop.set(true);
        otherClient.join();
      }
    }
  }

  /** Another integration of the same org: about 200 requests a minute, with the same key. */
  private static void spend(E2eFixture f, AtomicBoolean stop, AtomicInteger count) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(f.emulator.baseUrl() + "/v1/klasses"))
            .header("Authorization", "Bearer " + f.emulator.config().apiKey())
            .build();
    while (!stop.get()) {
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          count.incrementAndGet();
        }
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.io.IOException e) {
        return;
      }
    }
  }
}
