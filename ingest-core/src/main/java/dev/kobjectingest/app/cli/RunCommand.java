package dev.kobjectingest.app.cli;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.app.StartupChecks;
import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.metrics.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the pipeline against the configured Kafka and Kustomer, until stopped or failed. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the pipeline (Streams + sink). Configuration: --config FILE plus INGEST_* environment overrides.",
      "The API key comes from KUSTOMER_API_KEY or kustomer.api-key-file, never from the command line.",
      "Before starting it checks, each within startup.timeout.ms: Kafka (and its credentials), the source",
      "topics, the budget's Redis, and Kustomer with the key; the first failure is one line naming the setting."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      description = "A properties file (see the configuration reference in the README).")
  Path config;

  @Override
  public Integer call() throws Exception {
    IngestConfig c = IngestConfig.load(config, System.getenv());
    String keyFile = c.get("kustomer.api-key-file");
    ApiKey key = ApiKey.load(System.getenv(), keyFile.isBlank() ? null : Path.of(keyFile));
    new StartupChecks(c)
        .run(
            key,
            keyFile.isBlank() ? ApiKey.ENV : "kustomer.api-key-file=" + keyFile,
            config == null ? "topics" : "topics --config " + config);
    Pipeline pipeline = Pipeline.start(c, key, IngestCli.version());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    pipeline.bindTo(registry);
    int port = c.getInt("ops.port");
    OpsServer ops =
        port < 0 ? null : OpsServer.start(port, registry, pipeline::notReady, pipeline::failure);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM: stop reading, let running writes finish and commit, then stop serving
                  // health.
                  pipeline.close();
                  if (ops != null) {
                    ops.close();
                  }
                  stop.countDown();
                },
                "pipeline-shutdown"));
    spec.commandLine().getErr().println("pipeline running; Ctrl-C stops it");
    new StopOrFailure(stop, pipeline::failure, Duration.ofSeconds(1)).await(pipeline::close);
    return 0;
  }
}
