package dev.kobjectingest.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import dev.kobjectingest.tools.demo.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The end-to-end workloads of {@code bench}: each on the shared real broker, against a fresh
 * emulator, in its own namespace, with the pipeline's invariants checked at the end.
 */
final class Workloads {
  /**
   * The pipeline instance's JVM memory options: the setting the README and the Docker image
   * document for a 512 MiB container (a test keeps the three the same); the system property
   * bench.instance.java.options replaces it for an experiment (the report prints what ran).
   */
  static final String INSTANCE_JVM_OPTIONS =
      System.getProperty("bench.instance.java.options", ContainerMemory.JAVA_OPTIONS);

  private final String bootstrap;
  private final Path rules;
  private final Path jar;
  private final PrintWriter log;
  private final Path work;

  Workloads(String bootstrap, Path rules, Path jar, PrintWriter log) throws IOException {
    this.bootstrap = bootstrap;
    this.rules = rules;
    this.jar = jar;
    this.log = log;
    this.work = Files.createTempDirectory("kobject-bench");
  }

  /**
   * One backlog run's set-up: the write model, settings on top of the defaults, the org it starts
   * from (shares of the workload's customers and orders already in Kustomer) and how long the
   * emulator keeps a bulk job before it completes.
   */
  record Setup(
      String name,
      WriteModel model,
      Map<String, String> settings,
      double knownCustomers,
      double knownOrders,
      Duration jobLatency) {
    static Setup emptyOrg(String name, WriteModel model, Map<String, String> settings) {
      return new Setup(name, model, settings, 0, 0, Duration.ZERO);
    }
  }

  /** One backlog run: requests per order, throughput, invariants, peak RSS of the instance. */
  record BacklogResult(
      String name,
      int orders,
      int events,
      int delivered,
      int missing,
      int stale,
      int duplicates,
      long apiRequests,
      double requestsPerOrder,
      long throttled,
      double elapsedSeconds,
      double ordersPerMinute,
      long peakRequestsPerMinute,
      long bulkJobs,
      long searches,
      long peakSearchesPerMinute,
      int customersExpected,
      int customersInKustomer,
      long peakRssMib,
      JsonNode requestsByOperation) {
    /**
     * Requests that kept customers current: single updates and bulk update requests (their job
     * polls are in the total, not here: a poll does not say which job it follows).
     */
    long customerUpdateRequests() {
      return requestsByOperation.path("PATCH /v1/customers/{id}").asLong()
          + requestsByOperation.path("PUT /v1/customers/{id}").asLong()
          + requestsByOperation.path("PUT /v1/customers/bulk").asLong();
    }
  }

  /**
   * Seeds the org, publishes the whole backlog first, then starts one pipeline instance as its own
   * process ({@code java -jar ... run}) and waits until every order is delivered.
   */
  BacklogResult backlog(Setup setup, int orders, int budget, Duration timeout) throws Exception {
    return backlog(setup, orders, budget, timeout, 0);
  }

  /** The same, after a history of {@code historyOrders} distinct orders ({@link History}). */
  BacklogResult backlog(Setup setup, int orders, int budget, Duration timeout, int historyOrders)
      throws Exception {
    DemoOrders workload = new DemoOrders(orders, 2026, Math.max(1, orders / 4), 3, 5);
    Brownfield org = new Brownfield(workload);
    try (KustomerEmulator emulator =
        emulator(budget, FaultSpec.none(), c -> c.withBulkBatchLatency(setup.jobLatency()))) {
      if (setup.knownCustomers() > 0) {
        emulator.seed(org.seed(setup.knownCustomers(), setup.knownOrders(), "order"));
      }
      Scenario scenario = scenario(emulator, budget, setup.settings(), setup.model());
      if (historyOrders > 0) {
        History.seed(scenario.settings(), historyOrders);
        log.printf("%s: a history of %d orders seeded%n", setup.name(), historyOrders);
      }
      scenario.checkEvery(Duration.ofSeconds(2));
      scenario.publish(workload.records());
      log.printf(
          "%s: %d orders, %d events published%n", setup.name(), orders, workload.records().size());
      log.flush();
      long start = System.nanoTime();
      Process instance = startProcess(scenario, emulator);
      long peakRss;
      DemoSummary s;
      try {
        s =
            scenario.await(
                workload,
                timeout,
                () -> instance.isAlive() ? null : "the pipeline process exited",
                start,
                true);
        peakRss = peakRssMib(instance.pid());
      } finally {
        instance.destroy();
        instance.waitFor(60, TimeUnit.SECONDS);
      }
      return result(setup.name(), s, emulator.stats(), org.customers(), peakRss);
    }
  }

  private static BacklogResult result(
      String name, DemoSummary s, JsonNode stats, int customers, long peakRss) {
    return new BacklogResult(
        name,
        s.orders(),
        s.events(),
        s.delivered(),
        s.missing(),
        s.stale(),
        s.duplicates(),
        s.apiRequests(),
        (double) s.apiRequests() / s.orders(),
        s.throttled(),
        s.elapsedSeconds(),
        s.delivered() / (s.elapsedSeconds() / 60.0),
        s.peakRequestsPerMinute(),
        stats.path("bulkJobs").asLong(),
        stats.path("searches").asLong(),
        stats.path("peakSearchesPerMinute").asLong(),
        customers,
        stats.path("customers").asInt(),
        peakRss,
        stats.path("byOperation"));
  }

  /** How the limiter spends a budget that is the bottleneck. */
  record LimiterResult(
      String name,
      int instances,
      int budget,
      long requestsInWindow,
      double windowSeconds,
      double utilization,
      long peakRequestsPerMinute,
      long throttled) {}

  /**
   * Single calls only, a backlog far larger than the budget allows in the window: after a warm-up,
   * the requests Kustomer received in {@code window} as a share of the budget, the busiest rolling
   * minute, and the 429s.
   */
  LimiterResult limiter(
      String name, int instances, String redis, int budget, Duration warmUp, Duration window)
      throws Exception {
    DemoOrders workload = new DemoOrders(3000, 7, 2000, 0, 0);
    try (KustomerEmulator emulator = emulator(budget, FaultSpec.none())) {
      Map<String, String> settings = new HashMap<>();
      settings.put("sink.bulk.enabled", "false");
      settings.put("sink.retry.base.ms", "200");
      if (redis != null) {
        settings.put("kustomer.rate-limit.redis", redis);
        settings.put("kustomer.rate-limit.key", "bench-" + UUID.randomUUID());
      }
      Scenario scenario = scenario(emulator, budget, settings);
      scenario.publish(workload.records());
      List<Pipeline> pipelines = new ArrayList<>();
      try {
        for (int i = 0; i < instances; i++) {
          pipelines.add(scenario.startInstance("i" + i, Map.of()));
        }
        TimeUnit.MILLISECONDS.sleep(warmUp.toMillis());
        long before = emulator.stats().path("requests").asLong();
        long t0 = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(window.toMillis());
        long after = emulator.stats().path("requests").asLong();
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode stats = emulator.stats();
        long inWindow = after - before;
        return new LimiterResult(
            name,
            instances,
            budget,
            inWindow,
            seconds,
            inWindow / (budget * seconds / 60.0),
            stats.path("peakRequestsPerMinute").asLong(),
            stats.path("throttled").asLong());
      } finally {
        pipelines.forEach(Pipeline::close);
      }
    }
  }

  /** Latency of single orders at trickle load, from publish to the KObject's creation. */
  record TrickleResult(
      int orders, long emulatorLatencyMs, long p50Ms, long p99Ms, long maxMs, int delivered) {}

  TrickleResult trickle(int orders, Duration every, long emulatorLatencyMs) throws Exception {
    DemoOrders workload = new DemoOrders(orders, 99, orders, 0, 0);
    try (KustomerEmulator emulator =
        emulator(1000, FaultSpec.parse("latency=" + emulatorLatencyMs + "ms"))) {
      Scenario scenario = scenario(emulator, 1000, Map.of());
      Map<String, Instant> published = new HashMap<>();
      Map<String, List<DemoOrders.RawEvent>> byOrder = new java.util.LinkedHashMap<>();
      for (DemoOrders.RawEvent e : workload.records()) {
        if (e.valid()) {
          byOrder.computeIfAbsent(e.orderId(), k -> new ArrayList<>()).add(e);
        }
      }
      Pipeline p = scenario.startPipeline();
      try {
        List<String> ids = new ArrayList<>(byOrder.keySet());
        // The first order warms up (first rebalance, klass bootstrap) and is not measured.
        scenario.publish(byOrder.get(ids.get(0)));
        long warm = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!createdAt(emulator).containsKey(ids.get(0)) && System.nanoTime() < warm) {
          TimeUnit.MILLISECONDS.sleep(50);
        }
        for (String id : ids.subList(1, ids.size())) {
          published.put(id, Instant.now());
          scenario.publish(byOrder.get(id));
          TimeUnit.MILLISECONDS.sleep(every.toMillis());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Instant> created = createdAt(emulator);
        while (System.nanoTime() < deadline && !created.keySet().containsAll(published.keySet())) {
          TimeUnit.MILLISECONDS.sleep(200);
          created = createdAt(emulator);
        }
        List<Long> latencies = new ArrayList<>();
        for (Map.Entry<String, Instant> e : published.entrySet()) {
          Instant c = created.get(e.getKey());
          if (c != null) {
            latencies.add(Duration.between(e.getValue(), c).toMillis());
          }
        }
        latencies.sort(Long::compare);
        return new TrickleResult(
            published.size(),
            emulatorLatencyMs,
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
            latencies.size());
      } finally {
        p.close();
      }
    }
  }

  /**
   * From launching a pipeline process on an empty org (no klass, no customer) to its first KObject
   * in Kustomer, one order waiting in the raw topic: JVM start, topic checks, the klass bootstrap,
   * the first rebalance, the customer create and the order create.
   */
  record FirstObjectResult(
      WriteModel model,
      List<Long> millis,
      long maxMs,
      List<Long> afterRunningMillis,
      long maxAfterRunningMs) {}

  FirstObjectResult firstObject(int samples, WriteModel model) throws Exception {
    List<Long> millis = new ArrayList<>();
    List<Long> afterRunning = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      DemoOrders workload = new DemoOrders(2, 31L + i, 1, 0, 0);
      try (KustomerEmulator emulator = emulator(1000, FaultSpec.none())) {
        Scenario scenario = scenario(emulator, 1000, Map.of(), model);
        scenario.publish(workload.records().stream().filter(DemoOrders.RawEvent::valid).toList());
        Instant launched = Instant.now();
        Process instance = startProcess(scenario, emulator);
        try {
          Instant[] running = {null};
          Instant created = awaitFirstObject(emulator, instance, running);
          millis.add(created == null ? -1 : Duration.between(launched, created).toMillis());
          afterRunning.add(
              created == null || running[0] == null
                  ? -1
                  : Duration.between(running[0], created).toMillis());
        } finally {
          instance.destroy();
          instance.waitFor(60, TimeUnit.SECONDS);
        }
      }
    }
    return new FirstObjectResult(model, millis, worst(millis), afterRunning, worst(afterRunning));
  }

  /**
   * Waits for the first KObject (its creation time, null after 90 s); notes in {@code running} when
   * the instance said it runs (its start-up checks passed, Streams and the sink started).
   */
  private Instant awaitFirstObject(KustomerEmulator emulator, Process instance, Instant[] running)
      throws Exception {
    Path log = lastLog;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (instance.isAlive() && System.nanoTime() < deadline) {
      if (running[0] == null
          && Files.exists(log)
          && Files.readString(log).contains("pipeline running")) {
        running[0] = Instant.now();
      }
      Map<String, Instant> created = createdAt(emulator);
      if (!created.isEmpty()) {
        return created.values().iterator().next();
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return null;
  }

  private static long worst(List<Long> millis) {
    return millis.stream().allMatch(m -> m >= 0)
        ? millis.stream().mapToLong(Long::longValue).max().orElse(-1)
        : -1;
  }

  private static Map<String, Instant> createdAt(KustomerEmulator emulator) {
    Map<String, Instant> out = new HashMap<>();
    try {
      for (JsonNode o : emulator.objects("order").path("data")) {
        JsonNode a = o.path("attributes");
        out.put(a.path("externalId").asText(), Instant.parse(a.path("createdAt").asText()));
      }
    } catch (RuntimeException e) {
      // the klass does not exist yet
    }
    return out;
  }

  static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private KustomerEmulator emulator(int budget, FaultSpec faults) {
    return emulator(budget, faults, c -> c);
  }

  private static KustomerEmulator emulator(
      int budget, FaultSpec faults, UnaryOperator<EmulatorConfig> tweak) {
    KustomerEmulator e =
        KustomerEmulator.start(
            tweak.apply(
                EmulatorConfig.defaults()
                    .withRateLimitPerMinute(budget)
                    .withCustomerUniqueness(true)));
    e.applyFaults(faults);
    return e;
  }

  private Scenario scenario(KustomerEmulator emulator, int budget, Map<String, String> settings)
      throws Exception {
    return scenario(emulator, budget, settings, WriteModel.NESTED);
  }

  private Scenario scenario(
      KustomerEmulator emulator, int budget, Map<String, String> settings, WriteModel model)
      throws Exception {
    String ns = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    return new Scenario(
        bootstrap,
        emulator,
        ns,
        rules,
        Files.createDirectories(work.resolve(ns)),
        model,
        budget,
        settings,
        new PrintWriter(Writer.nullWriter()),
        System::nanoTime);
  }

  /** The output of the process started last. */
  private Path lastLog;

  private Process startProcess(Scenario scenario, KustomerEmulator emulator) throws IOException {
    Path config = work.resolve("instance-" + UUID.randomUUID() + ".properties");
    Properties p = new Properties();
    p.putAll(scenario.settings());
    try (Writer out = Files.newBufferedWriter(config)) {
      p.store(out, "bench");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(INSTANCE_JVM_OPTIONS.split(" ")));
    command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(config.getFileName() + ".log").toFile());
    lastLog = work.resolve(config.getFileName() + ".log");
    pb.environment().put("KUSTOMER_API_KEY", emulator.config().apiKey());
    pb.environment().putAll(ContainerMemory.ENVIRONMENT);
    return pb.start();
  }

  /** VmHWM: the largest resident set the process has had (Linux). */
  static long peakRssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** A redis-server from the PATH on a free loopback port, for the shared bucket. */
  static Process startRedis(int[] port) throws IOException, InterruptedException {
    try (ServerSocket s = new ServerSocket(0)) {
      port[0] = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port[0]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    TimeUnit.MILLISECONDS.sleep(500);
    if (!p.isAlive()) {
      throw new IllegalStateException("redis-server did not start (is it installed?)");
    }
    return p;
  }
}
