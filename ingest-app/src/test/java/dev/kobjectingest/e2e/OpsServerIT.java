package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.app.demo.DemoOrders;
import dev.kobjectingest.app.demo.DemoSummary;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running pipeline's /metrics and health endpoints, scraped for real. */
class OpsServerIT {
  private static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRunningPipelineExportsItsMetricsAndReportsReady() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      DemoOrders orders = new DemoOrders(11, 4);
      long start = System.nanoTime();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Pipeline p = f.scenario.startPipeline();
      try (OpsServer ops = OpsServer.start(0, registry, p::healthy)) {
        p.bindTo(registry);
        f.scenario.publish(orders.records());
        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(2), p::failure, start);
        assertThat(s.delivered()).isEqualTo(10);

        HttpResponse<String> metrics = get(ops, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
            .contains("kustomer_api_requests_seconds_count{")
            .contains("operation=\"POST /v1/customers\"")
            .contains("status=\"2xx\"")
            .contains("ingest_sink_applied_total")
            .contains("ingest_sink_in_flight")
            .contains("kustomer_budget_remaining")
            .contains("kafka_stream_");
        assertThat(metrics.body())
            .doesNotContain("@example.com")
            .doesNotContain(f.emulator.config().apiKey());
        assertThat(get(ops, "/health/live").statusCode()).isEqualTo(200);
        assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(200);
        p.close();
        assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(503);
      } finally {
        p.close();
      }
    }
  }
}
