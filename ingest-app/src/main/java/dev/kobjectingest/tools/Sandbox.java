package dev.kobjectingest.tools;

import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.kafka.embedded.EmbeddedKafkaBroker;
import dev.kobjectingest.kafka.embedded.TopicReadiness;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real KRaft broker in-process and the Kustomer emulator: everything the pipeline needs, on
 * loopback.
 */
public final class Sandbox implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final KustomerEmulator emulator;

  private Sandbox(EmbeddedKafkaBroker broker, KustomerEmulator emulator) {
    this.broker = broker;
    this.emulator = emulator;
  }

  public static Sandbox start(EmulatorConfig emulatorConfig) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of());
    try {
      return new Sandbox(broker, KustomerEmulator.start(emulatorConfig));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** Creates the topics that do not exist yet. */
  public void createTopics(Collection<String> topics, int partitions) {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, partitions, (short) 1))
              .toList();
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      TopicReadiness.awaitLeaders(admin, topics, java.time.Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public KustomerEmulator emulator() {
    return emulator;
  }

  @Override
  public void close() {
    emulator.close();
    broker.close();
  }
}
