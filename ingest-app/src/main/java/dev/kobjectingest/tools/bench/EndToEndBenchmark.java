package dev.kobjectingest.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.support.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every figure of BENCHMARKS.md from one run, side by side: requests per order at backlog with bulk
 * writes against the single-call baseline, in the orgs users have (customers already there, objects
 * another integration wrote, the Rel model, bulk jobs that take seconds), the limiter's use of a
 * budget that is the bottleneck (one instance, three sharing a Redis bucket, three with independent
 * buckets), latency at trickle load and to the first object after a start, the topology against a
 * pass-through, and the instance's peak RSS.
 */
public final class EndToEndBenchmark {
  /** What to run. */
  public record Plan(
      int orders,
      int baselineOrders,
      int budget,
      int topologyOrders,
      int trickleOrders,
      long trickleLatencyMs,
      Duration limiterWindow,
      int jobLatencyOrders,
      Duration jobLatency,
      int notOwnedOrders,
      int firstObjectSamples,
      int historyOrders,
      Set<String> runs,
      Set<String> sections) {
    /** The report's sections, each of which a plan may leave out. */
    public static final List<String> SECTIONS =
        List.of(BACKLOG, LIMITER, TRICKLE, FIRST_OBJECT, TOPOLOGY);

    /** Every backlog run, in the order the report lists them. */
    public static final List<String> RUNS =
        List.of(
            BenchmarkReport.BULK,
            BenchmarkReport.BASELINE,
            BenchmarkReport.BROWNFIELD,
            BenchmarkReport.NOT_OWNED,
            BenchmarkReport.REL,
            BenchmarkReport.JOB_LATENCY,
            BenchmarkReport.HISTORY);

    public Plan {
      runs = Set.copyOf(runs);
      sections = Set.copyOf(sections);
    }

    boolean has(String section) {
      return sections.contains(section);
    }
  }

  public static final String BACKLOG = "backlog";
  public static final String LIMITER = "limiter";
  public static final String TRICKLE = "trickle";
  public static final String FIRST_OBJECT = "first-object";
  public static final String TOPOLOGY = "topology";

  private final Workloads workloads;
  private final String bootstrap;
  private final PrintWriter out;

  public EndToEndBenchmark(String bootstrap, Path rules, Path jar, PrintWriter out)
      throws IOException {
    this.workloads = new Workloads(bootstrap, rules, jar, out);
    this.bootstrap = bootstrap;
    this.out = out;
  }

  /**
   * Runs the plan's sections (the others are left out of the report, so one backlog run can be
   * measured alone); writes BENCHMARKS.md and benchmarks.json into {@code dir}.
   */
  public ObjectNode run(Plan plan, Path dir, String command) throws Exception {
    ObjectMapper json = Json.PRETTY;
    ObjectNode all = json.createObjectNode();
    all.put("date", Instant.now().toString());
    all.put("command", command);
    all.put("cores", Runtime.getRuntime().availableProcessors());
    all.put("java", System.getProperty("java.version"));

    List<Workloads.BacklogResult> backlog = plan.has(BACKLOG) ? backlogs(plan) : List.of();
    all.set("backlog", json.valueToTree(backlog));
    ObjectNode perOrder = all.putObject("requestsPerOrder");
    backlog.forEach(r -> perOrder.put(r.name(), r.requestsPerOrder()));
    ObjectNode updatesPerOrder = all.putObject("customerUpdateRequestsPerOrder");
    backlog.forEach(
        r -> updatesPerOrder.put(r.name(), (double) r.customerUpdateRequests() / r.orders()));

    List<Workloads.LimiterResult> limiter = plan.has(LIMITER) ? limiter(plan) : List.of();
    all.set("limiter", json.valueToTree(limiter));

    Workloads.TrickleResult trickle = null;
    if (plan.has(TRICKLE)) {
      say("trickle: one order every 500 ms, emulator latency " + plan.trickleLatencyMs() + " ms");
      trickle =
          workloads.trickle(plan.trickleOrders(), Duration.ofMillis(500), plan.trickleLatencyMs());
      say(trickle.toString());
      all.set("trickle", json.valueToTree(trickle));
    }

    List<Workloads.FirstObjectResult> first = plan.has(FIRST_OBJECT) ? first(plan) : List.of();
    all.set("firstObjectAfterStart", json.valueToTree(first));

    ObjectNode t = plan.has(TOPOLOGY) ? topology(plan, all.putObject("topology")) : null;

    Files.createDirectories(dir);
    json.writeValue(dir.resolve("benchmarks.json").toFile(), all);
    Files.writeString(
        dir.resolve("BENCHMARKS.md"),
        new BenchmarkReport(plan, command).markdown(backlog, limiter, trickle, first, t));
    return all;
  }

  private List<Workloads.FirstObjectResult> first(Plan plan) throws Exception {
    say("first KObject after start on an empty org: " + plan.firstObjectSamples() + " starts");
    List<Workloads.FirstObjectResult> first = new ArrayList<>();
    for (WriteModel model : List.of(WriteModel.NESTED, WriteModel.REL)) {
      first.add(workloads.firstObject(plan.firstObjectSamples(), model));
      say(first.get(first.size() - 1).toString());
    }
    return first;
  }

  private ObjectNode topology(Plan plan, ObjectNode t) throws Exception {
    say("topology against pass-through: " + plan.topologyOrders() + " orders");
    TopologyBenchmark.Result topology =
        new TopologyBenchmark(bootstrap, Files.createTempDirectory("topology"), System::nanoTime)
            .run(plan.topologyOrders(), 3, "nested");
    t.put("events", topology.events());
    t.put("passThroughEventsPerSecond", Math.round(topology.passThroughEventsPerSecond()));
    t.put("topologyEventsPerSecond", Math.round(topology.topologyEventsPerSecond()));
    t.put(
        "topologyShareOfPassThrough",
        topology.topologyEventsPerSecond() / topology.passThroughEventsPerSecond());
    say(t.toString());
    return t;
  }

  /** The backlog runs, in the order the report lists them. */
  private List<Workloads.BacklogResult> backlogs(Plan plan) throws Exception {
    Duration timeout = Duration.ofMinutes(40);
    List<Workloads.BacklogResult> runs = new ArrayList<>();
    List<Workloads.Setup> setups =
        List.of(
            Workloads.Setup.emptyOrg(BenchmarkReport.BULK, WriteModel.NESTED, Map.of()),
            Workloads.Setup.emptyOrg(
                BenchmarkReport.BASELINE,
                WriteModel.NESTED,
                Map.of("sink.bulk.enabled", "false", "sink.coalesce", "false")),
            new Workloads.Setup(
                BenchmarkReport.BROWNFIELD, WriteModel.NESTED, Map.of(), 0.8, 0, Duration.ZERO),
            new Workloads.Setup(
                BenchmarkReport.NOT_OWNED,
                WriteModel.NESTED,
                Map.of("kustomer.klass.owned", "false"),
                0.8,
                0.3,
                Duration.ZERO),
            Workloads.Setup.emptyOrg(BenchmarkReport.REL, WriteModel.REL, Map.of()),
            new Workloads.Setup(
                BenchmarkReport.JOB_LATENCY, WriteModel.NESTED, Map.of(), 0, 0, plan.jobLatency()),
            Workloads.Setup.emptyOrg(BenchmarkReport.HISTORY, WriteModel.NESTED, Map.of()));
    for (Workloads.Setup setup : setups) {
      if (!plan.runs().contains(setup.name())) {
        continue;
      }
      int orders =
          switch (setup.name()) {
            case BenchmarkReport.BASELINE -> plan.baselineOrders();
            case BenchmarkReport.JOB_LATENCY -> plan.jobLatencyOrders();
            case BenchmarkReport.NOT_OWNED -> plan.notOwnedOrders();
            default -> plan.orders();
          };
      say(setup.name() + ": " + orders + " orders, budget " + plan.budget());
      int history = setup.name().equals(BenchmarkReport.HISTORY) ? plan.historyOrders() : 0;
      runs.add(workloads.backlog(setup, orders, plan.budget(), timeout, history));
      say(runs.get(runs.size() - 1).toString());
    }
    return runs;
  }

  private List<Workloads.LimiterResult> limiter(Plan plan) throws Exception {
    say("limiter, single calls, budget " + plan.budget() + "/min");
    List<Workloads.LimiterResult> limiter = new ArrayList<>();
    Duration warmUp = Duration.ofSeconds(20);
    limiter.add(
        workloads.limiter("1 instance", 1, null, plan.budget(), warmUp, plan.limiterWindow()));
    say(limiter.get(0).toString());
    int[] port = new int[1];
    Process redis = Workloads.startRedis(port);
    try {
      limiter.add(
          workloads.limiter(
              "3 instances, one bucket in Redis",
              3,
              "redis://127.0.0.1:" + port[0],
              plan.budget(),
              warmUp,
              plan.limiterWindow()));
      say(limiter.get(1).toString());
    } finally {
      redis.destroy();
    }
    limiter.add(
        workloads.limiter(
            "3 instances, independent local buckets",
            3,
            null,
            plan.budget(),
            warmUp,
            plan.limiterWindow()));
    say(limiter.get(2).toString());
    return limiter;
  }

  private void say(String s) {
    out.println(s);
    out.flush();
  }
}
