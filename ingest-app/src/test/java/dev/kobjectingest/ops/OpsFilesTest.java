package dev.kobjectingest.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The files under docker/ as the real tools read them: Prometheus' config and alert rules (with the
 * rules' own unit tests), the compose file, and the dashboard's shape. Whether the queries name
 * metrics the app exports is proven against a live scrape in OpsServerIT.
 */
class OpsFilesTest {
  private static final Path PROMETHEUS = OpsQueries.DOCKER.resolve("prometheus");

  @Test
  void prometheusConfigAndAlertRulesPassPromtool() throws Exception {
    Path promtool = PromTools.require("promtool");
    PromTools.Run config =
        PromTools.run(
            List.of(promtool.toString(), "check", "config", "prometheus.yml"), PROMETHEUS, null);
    assertThat(config.exit()).as(config.output()).isZero();
    assertThat(config.output()).contains("SUCCESS: 8 rules found");
  }

  @Test
  void alertRulesFireWhenTheyShouldAndOnlyThen() throws Exception {
    Path promtool = PromTools.require("promtool");
    PromTools.Run test =
        PromTools.run(
            List.of(promtool.toString(), "test", "rules", "alerts-test.yml"), PROMETHEUS, null);
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasATestCase() throws Exception {
    String tests = java.nio.file.Files.readString(PROMETHEUS.resolve("alerts-test.yml"));
    for (OpsQueries.Query alert : OpsQueries.alerts()) {
      String name = alert.where().substring("alert ".length());
      assertThat(tests).as(name + " has no case in alerts-test.yml").contains("alertname: " + name);
    }
  }

  @Test
  void composeFileIsValid() throws Exception {
    Path compose = PromTools.require("docker-compose");
    PromTools.Run r =
        PromTools.run(
            List.of(compose.toString(), "-f", "compose.yaml", "config", "--services"),
            OpsQueries.DOCKER,
            null);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output().lines())
        .contains(
            "kafka",
            "topics",
            "redis",
            "emulator",
            "ingest-1",
            "ingest-2",
            "prometheus",
            "grafana");
  }

  @Test
  void dashboardIsAProvisionableGrafanaDashboard() throws Exception {
    JsonNode dash = new ObjectMapper().readTree(OpsQueries.DASHBOARD.toFile());
    assertThat(dash.path("uid").asText()).isEqualTo("kobject-ingest");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dash.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("duplicate panel id").isTrue();
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      }
    }
    assertThat(OpsQueries.dashboard()).hasSizeGreaterThan(15);
    // The panels an operator asks for first, by what they query.
    String all = OpsQueries.dashboard().stream().map(OpsQueries.Query::expr).toList().toString();
    assertThat(all)
        .contains("ingest_events_in_total")
        .contains("ingest_sink_applied_total")
        .contains("kafka_consumer_fetch_manager_records_lag_max")
        .contains("ingest_sink_backlog")
        .contains("ingest_orders_waiting_oldest_seconds")
        .contains("ingest_not_ready")
        .contains("kustomer_budget_limit")
        .contains("status=\"429\"")
        .contains("kustomer_api_requests_seconds_bucket")
        .contains("ingest_sink_retries_total")
        .contains("ingest_dead_letters_total")
        .contains("ingest_ready");
  }

  @Test
  void metricNamesAreReadOffQueries() {
    assertThat(
            OpsQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, stage) (rate(foo_bucket{a=\"b(c)\"}[5m])))"
                    + " and on (instance) bar_total offset 5m > 0.5 or max(baz) by (x)"))
        .containsExactly("foo_bucket", "bar_total", "baz");
  }
}
