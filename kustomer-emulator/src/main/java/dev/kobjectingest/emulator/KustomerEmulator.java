package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the Kustomer REST API: the customer, klass, metadata, KObject and bulk
 * operations this product uses, with Kustomer's authentication, org-wide and per-object rate
 * limits, asynchronous bulk jobs and injectable faults, plus a control API under {@code
 * /__emulator}. See the module's README for the contract and DEVIATIONS.md for where it knowingly
 * differs from openapi.json.
 *
 * <pre>{@code
 * try (KustomerEmulator kustomer = KustomerEmulator.start(EmulatorConfig.defaults())) {
 *   URI base = kustomer.baseUrl(); // http://127.0.0.1:<port>
 *   kustomer.applyFaults(FaultSpec.parse("5xx=5%,429=2%"));
 * }
 * }</pre>
 */
public final class KustomerEmulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KustomerEmulator.class);

  static {
    // Two JDK server defaults that break a load-testing stand-in; both are read once, when the
    // server classes load. Nagle's algorithm delays each keep-alive response by the client's
    // delayed ACK (~40 ms), since headers and body are written separately. And past 200 idle
    // keep-alive connections the server closes connections without a "Connection: close", so a
    // client's next request on one is reset: with several pipeline instances and test clients, 200
    // is reached quickly.
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.maxIdleConnections", "100000");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  private final EmulatorConfig config;
  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final OrgState state;
  private final OrgRateLimiter budget;
  private final SearchRateLimiter searches;
  private final KeyedRateLimiter customerCreates;
  private final KeyedRateLimiter objectUpdates;
  private final FaultInjector faults = new FaultInjector();
  private final EmulatorStats stats = new EmulatorStats();
  private final BulkJobs bulk;
  private final Operations ops;
  private final Seeder seeder;

  private KustomerEmulator(EmulatorConfig config) throws IOException {
    this.config = config;
    this.state = new OrgState(config.enforceCustomerUniqueness());
    this.budget = new OrgRateLimiter(config.rateLimitPerMinute());
    this.searches = new SearchRateLimiter(config.searchesPerMinute());
    this.customerCreates = new KeyedRateLimiter(config.customerCreatesPerMinute());
    this.objectUpdates = new KeyedRateLimiter(config.objectUpdatesPerMinute());
    this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("kustomer-emulator-timer"));
    this.bulk =
        new BulkJobs(
            scheduler,
            config.clock(),
            config.bulkBatchSize(),
            config.bulkBatchDelay(),
            config.bulkBatchLatency());
    this.ops = new Operations(state, customerCreates, objectUpdates, faults);
    ops.setKObjectPutReplaces(config.kobjectPutReplaces());
    this.seeder = new Seeder(state, config.clock());
    Router router = new ApiRoutes(ops, bulk).router();
    ControlApi control = new ControlApi(this);
    this.workers =
        new ThreadPoolExecutor(
            config.workerThreads(),
            config.workerThreads(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("kustomer-emulator-http"));
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()),
            1024);
    server.createContext(
        "/",
        new ApiExchangeHandler(
            config, router, control, budget, searches, faults, stats, scheduler));
    server.setExecutor(workers);
  }

  /** Starts an emulator; it serves until {@link #close()}. */
  public static KustomerEmulator start(EmulatorConfig config) {
    try {
      KustomerEmulator emulator = new KustomerEmulator(config);
      emulator.server.start();
      LOG.info("Kustomer emulator listening on {}", emulator.baseUrl());
      return emulator;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the Kustomer emulator on port " + config.port(), e);
    }
  }

  /** {@code http://127.0.0.1:<port>}; API paths start with {@code /v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public EmulatorConfig config() {
    return config;
  }

  /** Replaces the active fault spec; outage windows start counting now. */
  public void applyFaults(FaultSpec spec) {
    faults.apply(spec, config.clock().millis());
  }

  public FaultSpec faults() {
    return faults.spec();
  }

  /** Changes the org budget (requests per rolling minute) of a running emulator. */
  public void setRateLimit(int requestsPerMinute) {
    budget.setLimit(requestsPerMinute);
  }

  /** Changes the searches per rolling minute of a running emulator. */
  public void setSearchLimit(int searchesPerMinute) {
    if (searchesPerMinute <= 0) {
      throw new IllegalArgumentException(
          "searchesPerMinute must be positive, was " + searchesPerMinute);
    }
    searches.setLimit(searchesPerMinute);
  }

  /**
   * Changes the pace of bulk jobs on a running emulator: each batch waits {@code batchDelay}, then
   * takes {@code batchLatency} before its items land. Batches already picked up keep their pace.
   */
  public void setBulkTiming(Duration batchDelay, Duration batchLatency) {
    bulk.setTiming(batchDelay, batchLatency);
  }

  /**
   * Switches a running emulator's KObject PUT (single and bulk) between merging {@code custom} per
   * attribute (false, the default) and replacing {@code custom} and {@code data} wholesale.
   */
  public void setKObjectPutReplaces(boolean replaces) {
    ops.setKObjectPutReplaces(replaces);
  }

  /** The settings served at {@code GET /__emulator/limits}, as they are now. */
  public ObjectNode limits() {
    return Json.object()
        .put("rateLimitPerMinute", budget.limit())
        .put("customerCreatesPerMinute", customerCreates.limit())
        .put("objectUpdatesPerMinute", objectUpdates.limit())
        .put("searchesPerMinute", searches.limit())
        .put("bulkBatchSize", config.bulkBatchSize())
        .put("bulkBatchDelayMs", bulk.batchDelay().toMillis())
        .put("bulkBatchLatencyMs", bulk.batchLatency().toMillis())
        .put("kobjectPutReplaces", ops.kobjectPutReplaces());
  }

  /** Changes the per-customer create and per-object update limits of a running emulator. */
  public void setObjectLimits(int createsPerCustomerPerMinute, int updatesPerObjectPerMinute) {
    customerCreates.setLimit(createsPerCustomerPerMinute);
    objectUpdates.setLimit(updatesPerObjectPerMinute);
  }

  /**
   * Forgets every customer, klass, object, job, counter and fault, and the per-object and search
   * windows; the org budget's window stays.
   */
  public void reset() {
    state.clear();
    bulk.clear();
    stats.reset();
    customerCreates.clear();
    objectUpdates.clear();
    searches.clear();
    faults.apply(FaultSpec.none(), config.clock().millis());
  }

  /**
   * Loads customers and KObjects at once, outside the API: no key, no budget, no per-object limits,
   * no faults, not counted as requests; each document is still checked as the API checks it. The
   * spec is the body of {@code POST /__emulator/seed}:
   *
   * <pre>{@code
   * {"customers": [<customer create bodies>],
   *  "kobjects": {"<klass>": [<KObject create bodies, with "customer": id
   *                           or "customerRef": {"externalId"|"email"|"phone": value}>]},
   *  "returnIds": false}
   * }</pre>
   *
   * @return counts per kind (and the new ids, in input order, with {@code returnIds})
   * @throws IllegalArgumentException naming the first document refused; those before it stay
   */
  public ObjectNode seed(JsonNode spec) {
    try {
      return seeder.seed(spec);
    } catch (ApiException e) {
      throw new IllegalArgumentException(
          e.body().path("errors").path(0).path("message").asText(), e);
    }
  }

  /** The seed as {@code POST /__emulator/seed} serves it: a refusal is the API error. */
  ObjectNode seedForControlApi(JsonNode spec) {
    return seeder.seed(spec);
  }

  /** The document served at {@code GET /__emulator/stats}. */
  public ObjectNode stats() {
    ObjectNode out = Json.object();
    stats.writeTo(out);
    out.put("customers", state.customerCount());
    out.put("customerUpdates", state.customerUpdates());
    ObjectNode kobjects = out.putObject("kobjects");
    state.kobjectCounts().forEach(kobjects::put);
    out.put("kobjectUpdates", state.kobjectUpdates());
    out.put("duplicateKObjects", state.duplicateKObjects());
    out.put("duplicateCustomers", state.duplicateCustomers());
    out.put("peakRequestsPerMinute", budget.peakReceivedPerMinute());
    out.put("peakAcceptedPerMinute", budget.peakAcceptedPerMinute());
    out.put("rateLimitPerMinute", budget.limit());
    out.put("searchesPerMinute", searches.limit());
    out.put("peakSearchesPerMinute", searches.peakPerMinute());
    out.put("bulkJobs", bulk.count());
    return out;
  }

  /** Every customer, rendered as the API renders them. */
  public ObjectNode customers() {
    ObjectNode body = Json.object();
    var data = body.putArray("data");
    state.customers().forEach(c -> data.add(Representations.customer(c)));
    return body;
  }

  /** Every KObject of a klass, rendered as the API renders them. */
  public JsonNode objects(String klass) {
    ObjectNode body = Json.object();
    var data = body.putArray("data");
    String icon = state.klass(klass).attributes.path("icon").asText("object");
    state.kobjects(klass, null).forEach(o -> data.add(Representations.kobject(o, icon)));
    return body;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    scheduler.shutdownNow();
    LOG.info("Kustomer emulator on port {} stopped", port());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
