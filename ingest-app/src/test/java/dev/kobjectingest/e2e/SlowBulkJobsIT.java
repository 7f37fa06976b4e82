package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk jobs that take time, as Kustomer's do: every batch of 25 items takes 2 s once it runs, so a
 * job of 100 items stays {@code queued} and {@code running} for about 8 s, its batches completing
 * one by one. The sink follows each job to its end (nothing stuck, nothing given up), its polls
 * paced (not one per few milliseconds) and spent from the same budget as every other request.
 */
class SlowBulkJobsIT {
  private static final int BUDGET = 600;
  private static final String POLL = "GET /v1/bulk/{id}/batches";

  @ParameterizedTest
  @EnumSource(WriteModel.class)
  void aBacklogWaitsOutSlowJobsWithPacedPollsWithinTheBudget(WriteModel model) throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            model, BUDGET, Map.of(), c -> c.withBulkBatchLatency(Duration.ofSeconds(2)))) {
      DemoOrders orders = new DemoOrders(301, 53);
      f.scenario.publish(orders.records());
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start);

        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
        assertThat(s.deadLetters()).as("only the invalid").isEqualTo(orders.invalidKeys().size());
        assertThat(s.throttled()).as("429s").isZero();
        JsonNode stats = f.emulator.stats();
        System.out.println("TIMING " + model + " " + s.toJson() + " " + stats);
        long jobs = stats.path("bulkJobs").asLong();
        long polls = stats.path("byOperation").path(POLL).asLong();
        assertThat(jobs).as("writes went in bulk").isPositive();
        // A job of a few batches at 2 s each is seen queued or running at least twice; polls back
        // off to one per 2 s, so even the longest job here needs a handful, not hundreds.
        assertThat(polls)
            .as("polls of %d jobs: %s", jobs, stats.path("byOperation"))
            .isGreaterThanOrEqualTo(2 * jobs)
            .isLessThanOrEqualTo(10 * jobs);
        // Every request the emulator saw, the polls included, went through the sink's budget.
        assertThat(p.sink().apiRequests())
            .as("requests the sink counted")
            .isEqualTo(stats.path("requests").asLong());
      }
    }
  }
}
