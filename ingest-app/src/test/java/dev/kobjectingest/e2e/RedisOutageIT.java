package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.testsupport.RedisTestServer;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared budget's Redis stops for 90 s in the middle of a backlog that two instances share:
 * longer than Lettuce's old one-minute timeout, which used to turn the waiting records into dead
 * letters. Now nothing is dead-lettered, no request goes out without its token (the budget holds),
 * both instances say why they are not ready, and the work resumes by itself.
 */
class RedisOutageIT {
  private static final int BUDGET = 300;

  @Test
  void aRedisOutageMidBacklogIsWaitedOutWithoutDeadLettersOrOverspending() throws Exception {
    RedisTestServer redis = RedisTestServer.dedicated();
    Map<String, String> shared =
        Map.of(
            "kustomer.rate-limit.redis",
            redis.uri(),
            "kustomer.rate-limit.key",
            "budget-" + UUID.randomUUID(),
            "sink.bulk.enabled",
            "false");
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, shared)) {
      DemoOrders orders = new DemoOrders(101, 31);
      long start = System.nanoTime();
      try (Pipeline a = f.scenario.startInstance("a", Map.of());
          Pipeline b = f.scenario.startInstance("b", Map.of())) {
        f.scenario.publish(orders.records());
        awaitRequests(f, 40);

        redis.stop();
        long stopped = System.nanoTime();
        awaitCause(a, NotReady.BUDGET_STORE_UNREACHABLE);
        awaitCause(b, NotReady.BUDGET_STORE_UNREACHABLE);
        // Tokens reserved before the outage are still spent (a worker parks until its token's
        // time, seconds at most); after that, nothing goes out until Redis answers again.
        TimeUnit.NANOSECONDS.sleep(
            Duration.ofSeconds(20).toNanos() - (System.nanoTime() - stopped));
        long requestsDuringOutage = f.emulator.stats().path("requests").asLong();
        TimeUnit.NANOSECONDS.sleep(
            Duration.ofSeconds(90).toNanos() - (System.nanoTime() - stopped));
        assertThat(f.emulator.stats().path("requests").asLong())
            .as("no request without a token from the shared budget")
            .isEqualTo(requestsDuringOutage);
        redis.restart();

        DemoSummary s =
            f.scenario.await(
                orders,
                Duration.ofMinutes(4),
                () -> a.failure() != null ? a.failure() : b.failure(),
                start,
                true);
        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
        assertThat(s.deadLetters())
            .as("only the deliberately invalid records")
            .isEqualTo(orders.invalidKeys().size());
        for (Pipeline p : List.of(a, b)) {
          assertThat(p.notReady()).as("ready again by itself").isEmpty();
        }
      }
    } finally {
      redis.stop();
    }
  }

  private static void awaitRequests(E2eFixture f, long requests) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (f.emulator.stats().path("requests").asLong() < requests) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no progress before the outage");
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static void awaitCause(Pipeline p, String cause) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (p.notReady().stream().noneMatch(c -> c.cause().equals(cause))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never reported " + cause + ": " + p.notReady());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
