package dev.kobjectingest.tools.cli;

import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.tools.Sandbox;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sandbox}: an in-process Kafka broker and the Kustomer emulator, until stopped. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Run a real KRaft Kafka broker in-process and the Kustomer emulator, on loopback, until stopped.")
final class SandboxCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8089",
      description = "Emulator port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--rate-limit",
      defaultValue = "1000",
      description = "Emulator org budget per minute. Default: ${DEFAULT-VALUE}.")
  int rateLimit;

  @Override
  public Integer call() throws InterruptedException {
    Sandbox sandbox =
        Sandbox.start(EmulatorConfig.defaults().withPort(port).withRateLimitPerMinute(rateLimit));
    sandbox.createTopics(List.of("orders.raw", "shipments.raw", "line-items.raw"), 3);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "sandbox-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Kafka bootstrap servers: " + sandbox.bootstrapServers());
    out.println(
        "Kustomer emulator: "
            + sandbox.emulator().baseUrl()
            + " (API key "
            + EmulatorConfig.DEFAULT_API_KEY
            + ")");
    out.println("topics: orders.raw, shipments.raw, line-items.raw; Ctrl-C stops");
    out.println();
    out.println("To run the pipeline against it, write ingest.properties with:");
    out.println("  kafka.bootstrap.servers=" + sandbox.bootstrapServers());
    out.println("  kustomer.base-url=" + sandbox.emulator().baseUrl());
    out.println("and export KUSTOMER_API_KEY=" + EmulatorConfig.DEFAULT_API_KEY + ".");
    out.println(
        "Your own topic names: set them in the rules (rules.dir) and topics.*, then create every topic");
    out.println("the pipeline needs (raw ones included) and check them:");
    out.println(
        "  java -jar ingest-app/target/ingest-app.jar topics --config ingest.properties --create");
    out.println("  java -jar ingest-app/target/ingest-app.jar topics --config ingest.properties");
    out.flush();
    stopped.await();
    return 0;
  }
}
