package dev.kobjectingest.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.support.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of BENCHMARKS.md from one run, side by side: requests per order at backlog with bulk
 * writes against the single-call baseline, the limiter's use of a budget that is the bottleneck
 * (one instance, three sharing a Redis bucket, three with independent buckets), latency at trickle
 * load, the topology against a pass-through, and the instance's peak RSS.
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
      Duration limiterWindow) {}

  private final Workloads workloads;
  private final String bootstrap;
  private final PrintWriter out;

  public EndToEndBenchmark(String bootstrap, Path rules, Path jar, PrintWriter out)
      throws IOException {
    this.workloads = new Workloads(bootstrap, rules, jar, out);
    this.bootstrap = bootstrap;
    this.out = out;
  }

  /** Runs the plan; writes BENCHMARKS.md and benchmarks.json into {@code dir}. */
  public ObjectNode run(Plan plan, Path dir, String command) throws Exception {
    ObjectMapper json = Json.PRETTY;
    ObjectNode all = json.createObjectNode();
    all.put("date", Instant.now().toString());
    all.put("command", command);
    all.put("cores", Runtime.getRuntime().availableProcessors());
    all.put("java", System.getProperty("java.version"));

    say("1/5 backlog with bulk writes: " + plan.orders() + " orders, budget " + plan.budget());
    Workloads.BacklogResult bulk =
        workloads.backlog("bulk", plan.orders(), plan.budget(), Map.of(), Duration.ofMinutes(20));
    say(bulk.toString());
    say("2/5 single-call baseline (batching and coalescing off): " + plan.baselineOrders());
    Workloads.BacklogResult baseline =
        workloads.backlog(
            "baseline",
            plan.baselineOrders(),
            plan.budget(),
            Map.of("sink.bulk.enabled", "false", "sink.coalesce", "false"),
            Duration.ofMinutes(20));
    say(baseline.toString());
    all.set("backlog", json.valueToTree(List.of(bulk, baseline)));

    say("3/5 limiter, single calls, budget " + plan.budget() + "/min");
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
    all.set("limiter", json.valueToTree(limiter));

    say("4/5 trickle: one order every 500 ms, emulator latency " + plan.trickleLatencyMs() + " ms");
    Workloads.TrickleResult trickle =
        workloads.trickle(plan.trickleOrders(), Duration.ofMillis(500), plan.trickleLatencyMs());
    say(trickle.toString());
    all.set("trickle", json.valueToTree(trickle));

    say("5/5 topology against pass-through: " + plan.topologyOrders() + " orders");
    TopologyBenchmark.Result topology =
        new TopologyBenchmark(bootstrap, Files.createTempDirectory("topology"), System::nanoTime)
            .run(plan.topologyOrders(), 3, "nested");
    ObjectNode t = all.putObject("topology");
    t.put("events", topology.events());
    t.put("passThroughEventsPerSecond", Math.round(topology.passThroughEventsPerSecond()));
    t.put("topologyEventsPerSecond", Math.round(topology.topologyEventsPerSecond()));
    t.put(
        "topologyShareOfPassThrough",
        topology.topologyEventsPerSecond() / topology.passThroughEventsPerSecond());
    say(t.toString());

    Files.createDirectories(dir);
    json.writeValue(dir.resolve("benchmarks.json").toFile(), all);
    Files.writeString(
        dir.resolve("BENCHMARKS.md"), markdown(plan, command, bulk, baseline, limiter, trickle, t));
    return all;
  }

  private void say(String s) {
    out.println(s);
    out.flush();
  }

  private static String markdown(
      Plan plan,
      String command,
      Workloads.BacklogResult bulk,
      Workloads.BacklogResult baseline,
      List<Workloads.LimiterResult> limiter,
      Workloads.TrickleResult trickle,
      ObjectNode topology) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n")
        .append("Generated by one command (")
        .append(Instant.now().toString(), 0, 10)
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append("); every figure below comes from that one run, on an in-process KRaft broker and")
        .append(
            " the Kustomer emulator on loopback (customer uniqueness enforced, as Kustomer does):\n\n")
        .append("```\n")
        .append(command)
        .append("\n```\n\n")
        .append("The machine-readable figures are in `benchmarks.json` next to this file.\n\n");

    md.append("## 1. Backlog: API requests per order and orders per minute\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Workload: every order published before the pipeline starts; each order has its order,"
                    + " shipment and line-item events plus 3 to 5 later updates (order and shipment status),"
                    + " some events duplicated or out of order, about 1%% invalid; customers drawn from"
                    + " orders/4 customer numbers, so most orders are for a customer the pipeline created"
                    + " earlier in the run (known) and the rest for new ones. Budget %d/min. One pipeline"
                    + " instance as its own process (`java -jar ingest-app.jar run`).%n%n",
                plan.budget()))
        .append(
            "| run | orders | events | API requests | requests/order | orders/min | elapsed | 429s | bulk jobs | missing | stale | duplicates | peak RSS |\n")
        .append(
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workloads.BacklogResult r : List.of(bulk, baseline)) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | **%.4f** | %.0f | %.0f s | %d | %d | %d | %d | %d | %d MiB |%n",
              r.name().equals("bulk")
                  ? "bulk writes + coalescing (defaults)"
                  : "baseline: single calls, no coalescing",
              r.orders(),
              r.events(),
              r.apiRequests(),
              r.requestsPerOrder(),
              r.ordersPerMinute(),
              r.elapsedSeconds(),
              r.throttled(),
              r.bulkJobs(),
              r.missing(),
              r.stale(),
              r.duplicates(),
              r.peakRssMib()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nRequests per order do not depend on the budget, so the baseline runs on a sample of the"
                + " same workload (%d orders); both runs are time-bounded and wait until every valid order"
                + " is delivered, so orders/min is measured, not derived. At the baseline's %.2f requests"
                + " per order a %d/min budget allows about %.0f orders/min; with bulk writes, %.0f."
                + " Orders counted include the invalid ones (dead-lettered).%n%n",
            plan.baselineOrders(),
            baseline.requestsPerOrder(),
            plan.budget(),
            plan.budget() / baseline.requestsPerOrder(),
            plan.budget() / Math.max(bulk.requestsPerOrder(), 1e-9)));

    md.append("## 2. The limiter when the budget is the bottleneck\n\n")
        .append(
            "Bulk off (single calls), a backlog far larger than the window allows. After a 20 s warm-up,"
                + " the requests Kustomer received in the window as a share of the budget; the busiest rolling"
                + " minute of the whole run; 429s answered.\n\n")
        .append(
            "| setup | budget/min | requests in window | window | used | busiest minute | 429s |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workloads.LimiterResult r : limiter) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.0f s | **%.1f%%** | %d | %d |%n",
              r.name(),
              r.budget(),
              r.requestsInWindow(),
              r.windowSeconds(),
              100 * r.utilization(),
              r.peakRequestsPerMinute(),
              r.throttled()));
    }
    md.append("\n## 3. Latency at trickle load\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "One order every 500 ms (%d orders, nearly all for a new customer: customer create, then"
                    + " order create, each through the whole topology), emulator latency %d ms per request. From publishing the order's events"
                    + " to the KObject's creation in Kustomer: p50 **%d ms**, p99 **%d ms**, max %d ms"
                    + " (%d of %d measured).%n%n",
                trickle.orders(),
                trickle.emulatorLatencyMs(),
                trickle.p50Ms(),
                trickle.p99Ms(),
                trickle.maxMs(),
                trickle.delivered(),
                trickle.orders()));
    md.append("## 4. Topology against pass-through\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%d events (order, shipment, line-item per order), exactly-once, 3 partitions: pass-through"
                    + " %d events/s, ingest topology %d events/s (%.0f%% of pass-through).%n%n",
                topology.path("events").asLong(),
                topology.path("passThroughEventsPerSecond").asLong(),
                topology.path("topologyEventsPerSecond").asLong(),
                100 * topology.path("topologyShareOfPassThrough").asDouble()));
    md.append("## 5. Peak memory\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Peak resident set (VmHWM) of the one pipeline instance through the %d-order backlog:"
                    + " **%d MiB**, with `-Xmx%s` (the baseline's instance: %d MiB).%n",
                bulk.orders(),
                bulk.peakRssMib(),
                Workloads.INSTANCE_HEAP,
                baseline.peakRssMib()));
    return md.toString();
  }
}
