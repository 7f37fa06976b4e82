package dev.kobjectingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void liveIsDownWithWhyOnceTheInstanceCannotGoOn() throws Exception {
    AtomicReference<String> failure = new AtomicReference<>();
    try (OpsServer ops =
        OpsServer.start(
            0,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> List.of(new NotReady(NotReady.SINK_STOPPED, "x")),
            failure::get)) {
      HttpResponse<String> live = get(ops, "/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

      failure.set(
          "the sink stopped: the ingest.order-commands consumer (thread sink-kobject) died");
      live = get(ops, "/health/live");
      assertThat(live.statusCode()).isEqualTo(503);
      assertThat(live.body())
          .isEqualTo(
              "{\"status\":\"DOWN\",\"detail\":\"the sink stopped: the ingest.order-commands"
                  + " consumer (thread sink-kobject) died\"}");
    }
  }

  private static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
