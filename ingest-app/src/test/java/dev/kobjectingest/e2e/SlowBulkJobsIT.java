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
  private static final int MAX_POLLS_PER_JOB = 4;

  /** The instance's first job has no pace to start from: 100 ms, doubling up to 2 s. */
  private static final int FIRST_JOB_POLLS = 8;

  @ParameterizedTest
  @EnumSource(WriteModel.class)
  void aBacklogWaitsOutSlowJobsWithPacedPollsWithinTheBudget(WriteModel model) throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            model, BUDGET, Map.of(), c -> c.withBulkBatchLatency(Duration.ofSeconds(2)))) {
      DemoOrders orders = new DemoOrders(301, 53);
      f.deliverBacklog(orders, BUDGET, (p, s) -> checkPolls(f, p, s, orders));
    }
  }

  private static void checkPolls(E2eFixture f, Pipeline p, DemoSummary s, DemoOrders orders) {
    assertThat(s.deadLetters()).as("only the invalid").isEqualTo(orders.invalidKeys().size());
    assertThat(s.throttled()).as("429s").isZero();
    JsonNode stats = f.emulator.stats();
    long jobs = stats.path("bulkJobs").asLong();
    long polls = stats.path("byOperation").path(POLL).asLong();
    assertThat(jobs).as("writes went in bulk").isPositive();
    // Every job takes 2 s or more (2 s a batch of 25 items), so polling every 100 ms (the first
    // delay) would cost 20 polls or more a job; starting near when a job of its size should end
    // (the pace the instance learned per item) and backing off to one per 2 s costs a few. More
    // than one a job on average: jobs were seen unfinished, so the latency held.
    assertThat(polls)
        .as("polls of %d jobs: %s", jobs, stats.path("byOperation"))
        .isGreaterThan(jobs)
        .isLessThanOrEqualTo(MAX_POLLS_PER_JOB * jobs + FIRST_JOB_POLLS);
    // Every request the emulator saw, the polls included, went through the sink's budget.
    assertThat(p.sink().apiRequests())
        .as("requests the sink counted")
        .isEqualTo(stats.path("requests").asLong());
  }
}
