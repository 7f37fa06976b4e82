package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code docker compose up} or a two-replica deployment does on a fresh cluster: two instances
 * of the packaged pipeline started at the same moment, both creating the pipeline's topics. Both
 * must run and share the work.
 */
class TwoInstancesStartIT {
  private static final int BUDGET = 6000;

  @Test
  void twoInstancesStartedTogetherOnAFreshClusterBothRun(@TempDir Path dir) throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, Map.of())) {
      DemoOrders orders = new DemoOrders(40, 5);
      long start = System.nanoTime();
      f.scenario.publish(orders.records());
      Map<String, String> env = Map.of("KUSTOMER_API_KEY", f.emulator.config().apiKey());
      Path one = config(dir, f, "one");
      Path two = config(dir, f, "two");

      List<PackagedCli.Running> instances =
          List.of(
              PackagedCli.start(dir, env, "run", "--config", one.toString()),
              PackagedCli.start(dir, env, "run", "--config", two.toString()));
      try {
        DemoSummary s =
            f.scenario.await(
                orders,
                Duration.ofMinutes(3),
                () ->
                    instances.stream().allMatch(i -> i.process().isAlive())
                        ? null
                        : "an instance exited",
                start,
                true);
        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
        assertThat(instances).allMatch(i -> i.process().isAlive());
      } finally {
        for (PackagedCli.Running i : instances) {
          i.stop();
        }
      }
      for (PackagedCli.Running i : instances) {
        assertThat(i.output())
            .contains("start-up checks passed")
            .contains("pipeline running")
            .doesNotContain("TopicExistsException")
            .doesNotContain("error:");
      }
    }
  }

  /** The same pipeline (topics, groups, application id), each instance with its own state. */
  private static Path config(Path dir, E2eFixture f, String name) throws Exception {
    Map<String, String> s = new HashMap<>(f.scenario.settings());
    s.put("streams.state.dir", dir.resolve("state-" + name).toString());
    Properties p = new Properties();
    p.putAll(s);
    Path file = dir.resolve(name + ".properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    return file;
  }
}
