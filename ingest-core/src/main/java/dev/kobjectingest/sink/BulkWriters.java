package dev.kobjectingest.sink;

import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.support.Sleeper;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The sink's bulk writers, one per bulk endpoint (customer creates; KObject creates and updates per
 * klass), made when first needed and closed together. The endpoint's path template is also its name
 * in metrics: klass names come from the configuration, a closed set.
 */
final class BulkWriters implements AutoCloseable {
  private final KustomerApi api;
  private final BulkSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<String, BulkWriter> writers = new ConcurrentHashMap<>();
  private final JobPace pace = new JobPace();

  BulkWriters(KustomerApi api, BulkSettings settings, Clock clock, Sleeper sleeper) {
    this.api = api;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** How customer commands use bulk requests. */
  CustomerHandler.Bulk customers(CustomerClaims claims) {
    if (!settings.enabled()) {
      return CustomerHandler.Bulk.off();
    }
    if (!settings.searchCustomers()) {
      return new CustomerHandler.Bulk(
          true, settings.minBacklog(), writer("POST", ApiPath.customersBulk()), null, null);
    }
    CustomerSearch search = new CustomerSearch(api, claims);
    // An identity has up to three keys, each one criterion of the search.
    BulkWriter searches =
        writers.computeIfAbsent(
            search.name(), name -> start(search, CustomerSearch.maxCriteria() / 3));
    return new CustomerHandler.Bulk(
        true, settings.minBacklog(), writer("POST", ApiPath.customersBulk()), searches, search);
  }

  /**
   * Customer updates gathered over the linger: in bulk ({@code PUT /v1/customers/bulk}) when more
   * than a couple come together, else alone; null when bulk is off.
   */
  BulkWriter customerUpdates() {
    if (!settings.enabled()) {
      return null;
    }
    ApiPath path = ApiPath.customersBulk();
    return writers.computeIfAbsent(
        "PUT " + path.template(),
        name ->
            start(
                new CustomerUpdateBatches(
                    api,
                    new BulkRequest(
                        api, "PUT", path, settings.jobDeadline(), clock, sleeper, pace)),
                settings.maxItems()));
  }

  /** How order commands use bulk requests. */
  OrderHandler.Bulk orders() {
    if (!settings.enabled()) {
      return OrderHandler.Bulk.off();
    }
    return new OrderHandler.Bulk(
        true,
        settings.minBacklog(),
        settings.importedAt(),
        klass -> writer("POST", ApiPath.kobjectsBulk(klass)),
        klass -> writer("PUT", ApiPath.kobjectsBulk(klass)));
  }

  /** Items sent in bulk requests (creates and updates). */
  long items() {
    return writers.values().stream().mapToLong(BulkWriter::items).sum();
  }

  private BulkWriter writer(String method, ApiPath path) {
    return writers.computeIfAbsent(
        method + " " + path.template(),
        name ->
            start(
                new BulkRequest(api, method, path, settings.jobDeadline(), clock, sleeper, pace),
                settings.maxItems()));
  }

  private BulkWriter start(BatchRequest request, int maxItems) {
    return new BulkWriter(
            request,
            maxItems,
            settings.linger(),
            clock,
            Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, "bulk-job");
                  t.setDaemon(true);
                  return t;
                }),
            api::budgetScarce)
        .start();
  }

  @Override
  public void close() {
    writers.values().forEach(BulkWriter::close);
  }
}
