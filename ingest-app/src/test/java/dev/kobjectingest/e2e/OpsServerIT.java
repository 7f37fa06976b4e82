package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.OpsServer;
import dev.kobjectingest.ops.OpsQueries;
import dev.kobjectingest.ops.PromTools;
import dev.kobjectingest.ops.PrometheusServer;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One pipeline run with faults and a bad record, then its /metrics held against everything that
 * reads it: the domain meters' values, {@code promtool check metrics}, and every query of the
 * Grafana dashboard and the alert rules, named in the scrape and evaluated by a real Prometheus.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsServerIT {
  private static E2eFixture fixture;
  private static Pipeline pipeline;
  private static OpsServer ops;
  private static DemoSummary summary;
  private static String scrape;

  @BeforeAll
  static void runAPipelineWithFaults() throws Exception {
    fixture = new E2eFixture(WriteModel.NESTED, 6000, Map.of());
    // Throttling and server errors, so the 429 and retry series exist; a fixed seed makes it
    // repeatable.
    fixture.emulator.applyFaults(FaultSpec.parse("429=8%,5xx=4%,seed=3"));
    DemoOrders orders = new DemoOrders(30, 4);
    long start = System.nanoTime();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    pipeline = fixture.scenario.startPipeline();
    ops = OpsServer.start(0, registry, pipeline::notReady);
    pipeline.bindTo(registry);
    fixture.scenario.publish(orders.records());
    summary = fixture.scenario.await(orders, Duration.ofMinutes(3), pipeline::failure, start);
    scrape = get("/metrics").body();
    Path out = Path.of("target", "ops", "scrape.prom");
    Files.createDirectories(out.getParent());
    Files.writeString(out, scrape);
  }

  @AfterAll
  static void stop() {
    if (ops != null) {
      ops.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static double sample(String series) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in the scrape"));
  }

  /** Every series name in the scrape (histograms' _bucket/_count/_sum included). */
  private static Set<String> exported() {
    return scrape
        .lines()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }

  @Test
  void domainMetersCountWhatHappened() {
    assertThat(summary.delivered()).isEqualTo(29);
    String topic =
        fixture.scenario.config().rules().byTopic().keySet().stream()
            .filter(t -> t.endsWith("orders.raw"))
            .findFirst()
            .orElseThrow();
    assertThat(sample("ingest_events_in_total{outcome=\"dead-lettered\",topic=\"" + topic + "\"}"))
        .isEqualTo(1);
    assertThat(sample("ingest_dead_letters_total{reason=\"invalid-json\",stage=\"parse\"}"))
        .isEqualTo(1);
    assertThat(sample("ingest_commands_emitted_total{kind=\"order\"}")).isGreaterThanOrEqualTo(29);
    assertThat(sample("ingest_sink_applied_total{stage=\"kobject\"}")).isGreaterThanOrEqualTo(29);
    assertThat(sample("ingest_end_to_end_latency_seconds_count{stage=\"kobject\"}"))
        .isGreaterThanOrEqualTo(29);
    assertThat(
            sample("ingest_sink_retries_total{stage=\"kobject\"}")
                + sample("ingest_sink_retries_total{stage=\"customer\"}"))
        .as("the injected 429s and 5xx were retried")
        .isPositive();
    // The sink keeps its ids on disk: every order written is in its local table, and read back.
    assertThat(sample("ingest_id_table_keys{table=\"sink-ids\"}")).isGreaterThanOrEqualTo(29);
    assertThat(
            sample("ingest_id_cache_hits_total{cache=\"sink-ids\"}")
                + sample("ingest_id_cache_misses_total{cache=\"sink-ids\"}"))
        .isPositive();
    assertThat(sample("ingest_rocksdb_memory_limit_bytes")).isEqualTo(32.0 * 1024 * 1024);
    assertThat(scrape)
        .contains("status=\"429\"")
        .contains("status=\"404\"")
        .contains("kafka_consumer_fetch_manager_records_lag_max{")
        .contains("kafka_producer_record_send_total{")
        .contains("kafka_stream_alive_stream_threads")
        .contains("kustomer_api_in_flight")
        .contains("kustomer_budget_limit 6000.0")
        .contains("ingest_ready 1.0");
    // No PII or secret ever becomes a label or a value.
    assertThat(scrape)
        .doesNotContain("@example.com")
        .doesNotContain(fixture.emulator.config().apiKey());
  }

  @Test
  void scrapeIsValidExpositionAndOurNamesLintClean() throws Exception {
    Path promtool = PromTools.require("promtool");
    PromTools.Run r =
        PromTools.run(List.of(promtool.toString(), "check", "metrics"), Path.of("."), scrape);
    // Exit 1 is a parse error; 3 means lint findings, which Kafka's own metric names always
    // have (e.g. "_ns" units); ours must have none.
    assertThat(r.exit()).as(r.output()).isIn(0, 3);
    assertThat(r.output()).doesNotContain("error while linting");
    assertThat(r.output().lines().filter(l -> l.startsWith("ingest_") || l.startsWith("kustomer_")))
        .as("lint findings on our own metrics")
        .isEmpty();
  }

  @Test
  void everyDashboardAndAlertQueryNamesExportedMetrics() throws Exception {
    Set<String> exported = exported();
    List<String> missing = new ArrayList<>();
    List<OpsQueries.Query> queries = new ArrayList<>(OpsQueries.dashboard());
    queries.addAll(OpsQueries.alerts());
    for (OpsQueries.Query q : queries) {
      for (String name : OpsQueries.metricNames(q.expr())) {
        // `up` is Prometheus' own series about the scrape, not an exported one.
        if (!name.equals("up") && !exported.contains(name)) {
          missing.add(q.where() + ": " + name);
        }
      }
    }
    assertThat(missing).as("queries naming metrics the app does not export").isEmpty();
  }

  @Test
  void everyDashboardQueryReturnsDataFromARealPrometheus() throws Exception {
    Path binary = PromTools.require("prometheus");
    try (PrometheusServer prometheus = PrometheusServer.scraping(binary, ops.port())) {
      // Rates need two scrapes inside their window.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> prometheus.tryQuery("count(rate(ingest_events_in_total[30s]))").size() > 0);
      List<String> blank = new ArrayList<>();
      for (OpsQueries.Query q : OpsQueries.dashboard()) {
        JsonNode result = prometheus.query(OpsQueries.forPrometheus(q.expr()));
        if (result.isEmpty()) {
          blank.add(q.where() + ": " + q.expr());
        }
      }
      assertThat(blank).as("dashboard queries with no data").isEmpty();
      for (OpsQueries.Query q : OpsQueries.alerts()) {
        // Valid PromQL against real data; a healthy run may well fire none of them.
        prometheus.query(q.expr());
      }
      JsonNode up = prometheus.query("up{job=\"kobject-ingest\"}");
      assertThat(up.get(0).path("value").get(1).asText()).isEqualTo("1");
    }
  }

  @Test
  @Order(1)
  void healthEndpointsAnswer() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").body()).contains("UP");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aStoppedPipelineIsLiveButNotReady() throws Exception {
    pipeline.close();
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("ingest_ready 0.0");
  }
}
