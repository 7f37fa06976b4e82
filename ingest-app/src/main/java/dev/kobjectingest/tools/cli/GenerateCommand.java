package dev.kobjectingest.tools.cli;

import dev.kobjectingest.tools.demo.DemoOrders;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: the demo's synthetic orders as JSON lines files, one per event kind, so a
 * pipeline on a real cluster can be loaded with {@code backfill} (the docker stack does this).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write N synthetic orders, the demo's, as JSON lines files to load with backfill.",
      "With shipments, line items, updates, duplicates and ~1%% invalid records:",
      "DIR/order.jsonl, DIR/shipment.jsonl, DIR/line-item.jsonl."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--orders",
      defaultValue = "200",
      description = "Orders. Default: ${DEFAULT-VALUE}.")
  int orders;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--out", required = true, description = "Directory to write into.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (orders < 1) {
      throw new IllegalArgumentException("--orders must be at least 1");
    }
    Files.createDirectories(out);
    Map<String, BufferedWriter> files = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    try {
      for (DemoOrders.RawEvent e : new DemoOrders(orders, seed).records()) {
        BufferedWriter w = files.get(e.kind());
        if (w == null) {
          w = Files.newBufferedWriter(out.resolve(e.kind() + ".jsonl"), StandardCharsets.UTF_8);
          files.put(e.kind(), w);
        }
        // One record per line: the payloads are single-line JSON (or deliberately broken JSON).
        w.write(e.json().replace('\n', ' '));
        w.newLine();
        counts.merge(e.kind(), 1, Integer::sum);
      }
    } finally {
      for (BufferedWriter w : files.values()) {
        w.close();
      }
    }
    counts.forEach(
        (kind, n) -> spec.commandLine().getOut().printf("%s/%s.jsonl: %d records%n", out, kind, n));
    return 0;
  }
}
