package dev.kobjectingest.sink;

import dev.kobjectingest.metrics.NotReady;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sink, as {@link SinkFactory} built it: one command loop per command topic (customers,
 * orders) on its own thread, sharing one Kustomer gateway and budget; and everything they use,
 * closed in the reverse order of its making.
 */
public final class IngestSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSink.class);

  /** Longer than a loop's stop drain plus its consumer's close, shorter than a grace period. */
  private static final long JOIN_MILLIS = 20_000;

  /** One command topic's loop and what watches it. */
  record Stage(
      String name,
      CommandLoop loop,
      CommandProcessor processor,
      SinkCounters counters,
      Consumer<byte[], byte[]> consumer,
      Thread thread) {}

  private final List<Stage> stages = new ArrayList<>();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private SinkMeters meters;
  private SinkHealth health;
  private BulkWriters writers;
  private KustomerGateway gateway;

  IngestSink() {}

  /** Keeps {@code resource} to close with the sink (after everything made later). */
  <T extends AutoCloseable> T own(T resource) {
    resources.push(resource);
    return resource;
  }

  void parts(SinkHealth health, KustomerGateway gateway, BulkWriters writers, SinkMeters meters) {
    this.health = health;
    this.gateway = gateway;
    this.writers = writers;
    this.meters = meters;
  }

  void start(Stage stage) {
    stages.add(stage);
    stage.thread().start();
  }

  /** Why a loop stopped (Kustomer answered 401/403, or a klass is missing and must be), or null. */
  public String fatalFailure() {
    for (Stage s : stages) {
      if (s.processor().fatalFailure() != null) {
        return s.processor().fatalFailure().getMessage();
      }
    }
    return null;
  }

  /**
   * What keeps the sink from making progress: a refused key, a stopped loop, what it cannot reach.
   */
  public List<NotReady> notReady() {
    List<NotReady> causes = new ArrayList<>();
    String fatal = fatalFailure();
    if (fatal != null) {
      causes.add(new NotReady(NotReady.KUSTOMER_KEY_REFUSED, fatal));
    } else if (!running()) {
      causes.add(new NotReady(NotReady.SINK_STOPPED, "a sink consumer stopped"));
    }
    if (health != null) {
      causes.addAll(health.notReady());
    }
    return causes;
  }

  /** Whether every command loop is still consuming. */
  public boolean running() {
    return stages.stream().allMatch(s -> s.thread().isAlive());
  }

  /** Requests sent to Kustomer. */
  public long apiRequests() {
    return gateway.requests();
  }

  /** Items sent in bulk requests (creates and updates). */
  public long bulkItems() {
    return writers.items();
  }

  /**
   * Binds the sink's meters: requests by operation and status, outcomes per stage, in-flight work,
   * the budget, and the Kafka clients' own metrics (the consumers' records lag among them).
   */
  public void bindTo(MeterRegistry registry) {
    meters.bindTo(registry, stages);
  }

  /** Stops the loops together (each drains and commits), then closes what they used. */
  @Override
  public void close() {
    stages.forEach(s -> s.loop().close());
    for (Stage s : stages) {
      try {
        s.thread().join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("closing the sink: {}", e.toString());
      }
    }
  }
}
