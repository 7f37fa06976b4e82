package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.deadletter.DeadLetterReplay;
import dev.kobjectingest.deadletter.ReplaySelection;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ops loop: a klass is missing, its records die, the klass is created, the dead letters are
 * replayed.
 */
class ReplayIT {
  @Test
  void afterTheKlassIsCreatedAReplayDeliversEveryOrderOnceAndASecondReplaySendsNothing()
      throws Exception {
    try (E2eFixture f =
        new E2eFixture(WriteModel.NESTED, 6000, Map.of("kustomer.klass.bootstrap", "false"))) {
      DemoOrders orders = new DemoOrders(16, 12);
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.publish(orders.records());
        DemoSummary dead = f.scenario.await(orders, Duration.ofMinutes(2), p::failure, start);
        assertThat(dead.delivered()).isZero();
        assertThat(dead.missing()).as("every order is in the dead-letter topic").isZero();

        // The fix: an admin creates the klass.
        HttpResponse<String> created =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(f.emulator.baseUrl() + "/v1/klasses"))
                        .header("Authorization", "Bearer " + f.emulator.config().apiKey())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"order\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);

        DeadLetterReplay replay =
            new DeadLetterReplay(
                f.scenario.config().kafkaClientProperties(),
                f.scenario.config().get("topics.dead-letters"));
        ReplaySelection klassMissing =
            new ReplaySelection(
                Set.of("klass-missing"), Set.of(), Set.of(), null, null, 0, Long.MAX_VALUE);
        DeadLetterReplay.Result dry = replay.run(klassMissing, true, r -> {});
        assertThat(dry.replayed()).isZero();
        assertThat(dry.matched()).isGreaterThanOrEqualTo(orders.validOrders().size());

        DeadLetterReplay.Result first = replay.run(klassMissing, false, r -> {});
        assertThat(first.replayed()).isEqualTo(dry.matched());
        DemoSummary after =
            f.scenario.await(orders, Duration.ofMinutes(2), p::failure, start, true);

        E2eFixture.assertInvariants(after, 6000);
        assertThat(after.delivered()).isEqualTo(orders.validOrders().size());

        DeadLetterReplay.Result second = replay.run(klassMissing, false, r -> {});
        assertThat(second.replayed()).isZero();
        assertThat(second.alreadyReplayed()).isPositive();
        assertThat(f.emulator.stats().path("duplicateKObjects").asInt()).isZero();
      }
    }
  }
}
