package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /**
   * How long an injected 429 tells the client to wait: another client's burst, not a whole window.
   */
  private static final long INJECTED_429_RESET_SECONDS = 2;

  static {
    // Two JDK server defaults that break a load-testing stand-in; both are read once, when the
    // server classes
    // load. Nagle's algorithm delays each keep-alive response by the client's delayed ACK (~40 ms),
    // since
    // headers and body are written separately. And past 200 idle keep-alive connections the server
    // closes
    // connections without a "Connection: close", so a client's next request on one is reset: with
    // several
    // pipeline instances and test clients, 200 is reached quickly.
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
  private final KeyedRateLimiter customerCreates;
  private final KeyedRateLimiter objectUpdates;
  private final FaultInjector faults = new FaultInjector();
  private final EmulatorStats stats = new EmulatorStats();
  private final BulkJobs bulk;
  private final Router router;
  private final ControlApi control;
  private final byte[] expectedAuthorization;

  private KustomerEmulator(EmulatorConfig config) throws IOException {
    this.config = config;
    this.state = new OrgState(config.enforceCustomerUniqueness());
    this.budget = new OrgRateLimiter(config.rateLimitPerMinute());
    this.customerCreates = new KeyedRateLimiter(config.customerCreatesPerMinute());
    this.objectUpdates = new KeyedRateLimiter(config.objectUpdatesPerMinute());
    this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("kustomer-emulator-timer"));
    this.bulk =
        new BulkJobs(scheduler, config.clock(), config.bulkBatchSize(), config.bulkBatchDelay());
    Operations ops = new Operations(state, customerCreates, objectUpdates, faults);
    this.router = new ApiRoutes(ops, bulk).router();
    this.control = new ControlApi(this);
    this.expectedAuthorization = ("Bearer " + config.apiKey()).getBytes(StandardCharsets.UTF_8);
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
    server.createContext("/", this::handle);
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

  /** Changes the per-customer create and per-object update limits of a running emulator. */
  public void setObjectLimits(int createsPerCustomerPerMinute, int updatesPerObjectPerMinute) {
    customerCreates.setLimit(createsPerCustomerPerMinute);
    objectUpdates.setLimit(updatesPerObjectPerMinute);
  }

  /** Forgets every customer, klass, object, job, counter and fault. */
  public void reset() {
    state.clear();
    bulk.clear();
    stats.reset();
    customerCreates.clear();
    objectUpdates.clear();
    faults.apply(FaultSpec.none(), config.clock().millis());
  }

  /** The document served at {@code GET /__emulator/stats}. */
  public ObjectNode stats() {
    ObjectNode out = Json.object();
    stats.writeTo(out);
    out.put("customers", state.customerCount());
    ObjectNode kobjects = out.putObject("kobjects");
    state.kobjectCounts().forEach(kobjects::put);
    out.put("duplicateKObjects", state.duplicateKObjects());
    out.put("duplicateCustomers", state.duplicateCustomers());
    out.put("peakRequestsPerMinute", budget.peakReceivedPerMinute());
    out.put("peakAcceptedPerMinute", budget.peakAcceptedPerMinute());
    out.put("rateLimitPerMinute", budget.limit());
    out.put("bulkJobs", bulk.count());
    return out;
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

  // ---------------------------------------------------------------- request pipeline

  private void handle(HttpExchange ex) {
    try {
      String path = ex.getRequestURI().getRawPath();
      if (path.startsWith("/__emulator/")) {
        send(
            ex,
            control.handle(ex.getRequestMethod(), path, ex.getRequestBody().readAllBytes()),
            Map.of(),
            0);
      } else {
        handleApi(ex, path);
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.toString());
      ex.close();
    } catch (RuntimeException e) {
      LOG.error("emulator bug while handling {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
      sendQuietly(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(500, "internal", "Internal Server Error", e.toString())));
    }
  }

  private void handleApi(HttpExchange ex, String path) throws IOException {
    long nowMillis = config.clock().millis();
    String method = ex.getRequestMethod();
    Router.Match match = router.match(method, path);
    stats.request(match == null ? method + " (no route)" : method + " " + match.route().template());

    if (!authorized(ex)) {
      send(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(
                  401, "unauthorized", "Unauthorized", "a valid Bearer API key is required")),
          budgetHeaders(budget.peek(nowMillis)),
          0);
      return;
    }
    FaultInjector.Kind fault = faults.before(nowMillis);
    if (fault == FaultInjector.Kind.OUTAGE) {
      stats.fault("outage");
      // A gateway answering for a down service: no rate-limit headers, as from a real proxy.
      send(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(503, "service_unavailable", "Service Unavailable", "outage")),
          Map.of(),
          0);
      return;
    }
    OrgRateLimiter.Decision decision = budget.acquire(nowMillis);
    if (!decision.allowed()) {
      send(ex, tooManyRequests("org rate limit exceeded"), budgetHeaders(decision), 0);
      return;
    }
    if (fault == FaultInjector.Kind.TOO_MANY_REQUESTS) {
      stats.fault("429");
      long reset = (nowMillis + 999) / 1000 + INJECTED_429_RESET_SECONDS;
      send(
          ex,
          tooManyRequests("org rate limit exceeded"),
          budgetHeaders(new OrgRateLimiter.Decision(false, decision.limit(), 0, reset)),
          0);
      return;
    }
    if (fault == FaultInjector.Kind.ERROR_5XX) {
      stats.fault("5xx");
      int status = faults.serverErrorStatus();
      send(
          ex,
          ApiResponse.error(
              ApiException.jsonApi(status, "server_error", "Server Error", "injected fault")),
          Map.of(),
          0);
      return;
    }
    ApiResponse response;
    if (match == null) {
      response =
          router.pathExists(path)
              ? ApiResponse.error(
                  ApiException.jsonApi(
                      405, "method_not_allowed", "Method Not Allowed", method + " " + path))
              : ApiResponse.error(
                  ApiException.notFound("not_found", "no route " + method + " " + path));
    } else {
      ApiRequest request =
          new ApiRequest(
              match.params(),
              Router.query(ex.getRequestURI().getRawQuery()),
              ex.getRequestBody().readAllBytes(),
              Instant.ofEpochMilli(nowMillis));
      try {
        response = match.route().handler().handle(request);
      } catch (ApiException e) {
        response = ApiResponse.error(e);
      }
    }
    if (faults.dropAfter()) {
      // The work is done but the client never hears of it: closing before any header is sent resets
      // the
      // connection, the case a retried create must survive without duplicating.
      stats.fault("drop");
      stats.dropped();
      ex.close();
      return;
    }
    send(ex, response, budgetHeaders(decision), faults.delayMillis());
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  private static ApiResponse tooManyRequests(String detail) {
    ObjectNode error = Json.object().put("code", "too_many_requests").put("message", detail);
    error.putObject("meta");
    return new ApiResponse(429, ApiException.wrap(error), Map.of());
  }

  private static Map<String, String> budgetHeaders(OrgRateLimiter.Decision d) {
    if (d.allowed()) {
      return Map.of(
          "x-ratelimit-limit", String.valueOf(d.limit()),
          "x-ratelimit-remaining", String.valueOf(d.remaining()));
    }
    return Map.of(
        "x-ratelimit-limit", String.valueOf(d.limit()),
        "x-ratelimit-remaining", "0",
        "x-ratelimit-reset", String.valueOf(d.resetEpochSeconds()));
  }

  private void send(
      HttpExchange ex, ApiResponse response, Map<String, String> headers, long delayMillis) {
    if (delayMillis > 0) {
      // sendQuietly handles its own I/O errors; nothing reaches the future.
      Future<?> unused =
          scheduler.schedule(
              () -> sendQuietly(ex, response, headers), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      sendQuietly(ex, response, headers);
    }
  }

  private void sendQuietly(HttpExchange ex, ApiResponse response) {
    sendQuietly(ex, response, Map.of());
  }

  private void sendQuietly(HttpExchange ex, ApiResponse response, Map<String, String> headers) {
    try (ex) {
      var h = ex.getResponseHeaders();
      headers.forEach(h::set);
      response.headers().forEach(h::set);
      if (!ex.getRequestURI().getRawPath().startsWith("/__emulator/")) {
        stats.status(response.status());
      }
      if (response.body() == null) {
        ex.sendResponseHeaders(response.status(), -1);
        return;
      }
      byte[] bytes = Json.bytes(response.body());
      h.set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOG.debug("could not send response: {}", e.toString());
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  EmulatorStats counters() {
    return stats;
  }

  FaultInjector injector() {
    return faults;
  }
}
