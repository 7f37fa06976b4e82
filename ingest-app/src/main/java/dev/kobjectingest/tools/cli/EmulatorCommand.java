package dev.kobjectingest.tools.cli;

import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.emulator.KustomerEmulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emulator}: serves the local Kustomer API emulator until the process is stopped. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a local emulator of the Kustomer REST API on 127.0.0.1 (or --bind) until stopped (Ctrl-C).",
      "Point a client at the printed URL with 'Authorization: Bearer <api key>'.",
      "Control API: GET /__emulator/stats, GET|PUT /__emulator/limits, PUT /__emulator/faults,"
          + " POST /__emulator/seed, POST /__emulator/reset."
    })
final class EmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8089",
      description = "Port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--api-key",
      defaultValue = "${env:KUSTOMER_EMULATOR_API_KEY:-" + EmulatorConfig.DEFAULT_API_KEY + "}",
      description =
          "Bearer key clients must send (env KUSTOMER_EMULATOR_API_KEY). Default: "
              + EmulatorConfig.DEFAULT_API_KEY
              + ".")
  String apiKey;

  @Option(
      names = "--rate-limit",
      defaultValue = "1000",
      description = "Org-wide requests per rolling minute. Default: ${DEFAULT-VALUE}.")
  int rateLimit;

  @Option(
      names = "--customer-creates-per-minute",
      defaultValue = "120",
      description =
          "KObject creates per customer per minute (importedAt bypasses). Default: ${DEFAULT-VALUE}.")
  int customerCreates;

  @Option(
      names = "--object-updates-per-minute",
      defaultValue = "60",
      description = "Updates of one customer or KObject per minute. Default: ${DEFAULT-VALUE}.")
  int objectUpdates;

  @Option(
      names = "--searches-per-minute",
      defaultValue = "100",
      description =
          "Searches (POST /v1/customers/search) per rolling minute, besides the org budget."
              + " Default: ${DEFAULT-VALUE}.")
  int searchesPerMinute;

  @Option(
      names = "--bulk-batch-latency-ms",
      defaultValue = "0",
      description =
          "Time each bulk batch takes before its items land (a job of n batches takes about n times"
              + " that). Default: ${DEFAULT-VALUE}.")
  long bulkBatchLatencyMs;

  @Option(
      names = "--kobject-put-replaces",
      description =
          "KObject PUT (single and bulk) replaces custom and data wholesale instead of merging"
              + " custom per attribute.")
  boolean kobjectPutReplaces;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on; 0.0.0.0 only inside a container network. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--faults",
      defaultValue = "none",
      description =
          "Fault spec, e.g. '5xx=5%%,429=2%%,slow=10%%:200-800ms,drop=1%%,outage=30s@10s'. Default: none.")
  String faults;

  @Override
  public Integer call() throws InterruptedException {
    EmulatorConfig config =
        EmulatorConfig.defaults()
            .withPort(port)
            .withBindAddress(bind)
            .withApiKey(apiKey)
            .withRateLimitPerMinute(rateLimit)
            .withObjectLimits(customerCreates, objectUpdates)
            .withSearchesPerMinute(searchesPerMinute)
            .withBulkBatchLatency(Duration.ofMillis(bulkBatchLatencyMs))
            .withKObjectPutReplaces(kobjectPutReplaces);
    FaultSpec faultSpec = FaultSpec.parse(faults);
    CountDownLatch stopped = new CountDownLatch(1);
    KustomerEmulator emulator = KustomerEmulator.start(config);
    emulator.applyFaults(faultSpec);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "emulator-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Kustomer emulator listening on " + emulator.baseUrl());
    // The default key is a public fixture; a key the user chose is not echoed.
    out.println(
        "API key: "
            + (apiKey.equals(EmulatorConfig.DEFAULT_API_KEY) ? apiKey : "(as given)")
            + ", rate limit: "
            + rateLimit
            + "/min, faults: "
            + (faultSpec.isNone() ? "none" : faults));
    out.flush();
    stopped.await();
    return 0;
  }
}
