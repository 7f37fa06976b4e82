package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backlog (everything published before the pipeline starts) goes in bulk: customers and orders
 * created 100 at a time, their jobs followed to per-item results. The figures of record are in
 * BENCHMARKS.md; here the request count is a regression guard, far above the benchmark's figure.
 */
class BulkBacklogIT {
  private static final int BUDGET = 6000;

  @Test
  void aBacklogIsWrittenInBulkWithEveryInvariantKept() throws Exception {
    try (E2eFixture f =
        new E2eFixture(
            WriteModel.NESTED,
            BUDGET,
            Map.of("sink.customers.create-first", "false"),
            c -> c.withCustomerUniqueness(false))) {
      DemoOrders orders = new DemoOrders(1500, 31);
      f.deliverBacklog(
          orders,
          BUDGET,
          (p, s) -> {
            assertThat(f.emulator.stats().path("bulkJobs").asInt()).isPositive();
            assertThat(p.sink().bulkItems()).isGreaterThan(orders.validOrders().size());
          });
    }
  }

  /**
   * Create-first against a Kustomer that enforces uniqueness, with customers that already exist:
   * the bulk create reports them as duplicates and the lookups find them, so none is made twice.
   * Faults on top: a failed bulk request's items go in bulk again, a failed item alone.
   */
  @Test
  void createFirstFindsExistingCustomersThroughDuplicateErrors() throws Exception {
    try (E2eFixture f =
        new E2eFixture(WriteModel.NESTED, BUDGET, Map.of(), c -> c.withCustomerUniqueness(true))) {
      DemoOrders orders = new DemoOrders(800, 37);
      // A third of the customers exist before the pipeline ever ran (made by another channel).
      f.scenario.precreateCustomers(orders, 3);
      f.emulator.applyFaults(FaultSpec.parse("5xx=3%,drop=1%,seed=9"));
      f.deliverBacklog(orders, BUDGET, (p, s) -> assertThat(p.sink().bulkItems()).isPositive());
    }
  }
}
