package dev.kobjectingest.sink;

import dev.kobjectingest.metrics.NotReady;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sink, as {@link SinkFactory} built it: one command loop per command topic (customers,
 * orders) on its own thread, sharing one Kustomer gateway and budget; and everything they use,
 * closed in the reverse order of its making. A loop's thread that ends before {@link #close()} (an
 * exception nobody expected) is a fatal failure like a refused key: the instance stops, so an
 * orchestrator restarts it, instead of reporting not-ready forever.
 */
public final class IngestSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestSink.class);

  /**
   * How long {@link #close()} may take in all: within an orchestrator's grace period (Kubernetes
   * gives 30 s), Streams stopping beside it.
   */
  static final Duration CLOSE_BUDGET = Duration.ofSeconds(22);

  /** What of it is kept for the clients after the loops (drain, commit, leave the group). */
  private static final Duration RESOURCES_SHARE = Duration.ofSeconds(7);

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
  private final Map<String, Throwable> died = new ConcurrentHashMap<>();
  private volatile boolean closing;
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
    stage
        .thread()
        .setUncaughtExceptionHandler(
            (t, e) -> {
              if (closing) {
                LOG.warn(
                    "the sink's {} consumer failed while stopping: {}", stage.name(), e.toString());
                return;
              }
              died.put(stage.name(), e);
              LOG.error(
                  "the sink's {} consumer (thread {}) died; the instance stops",
                  stage.loop().topic(),
                  t.getName(),
                  e);
            });
    stage.thread().start();
  }

  /**
   * Why the sink cannot go on, or null: Kustomer answered 401/403, a klass is missing and must be,
   * or a loop's thread ended before the sink was closed.
   */
  public String fatalFailure() {
    String refused = refused();
    return refused != null ? refused : deadLoop();
  }

  private String refused() {
    for (Stage s : stages) {
      if (s.processor().fatalFailure() != null) {
        return s.processor().fatalFailure().getMessage();
      }
    }
    return null;
  }

  /** The loop whose thread died of an exception before the sink was closed, and how; or null. */
  private String deadLoop() {
    for (Stage s : stages) {
      Throwable e = died.get(s.name());
      if (e != null) {
        return "the "
            + s.loop().topic()
            + " consumer (thread "
            + s.thread().getName()
            + ") died: "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage();
      }
    }
    return null;
  }

  /**
   * What keeps the sink from making progress: a refused key, a stopped loop, what it cannot reach.
   */
  public List<NotReady> notReady() {
    List<NotReady> causes = new ArrayList<>();
    String refused = refused();
    String dead = deadLoop();
    if (refused != null) {
      causes.add(new NotReady(NotReady.KUSTOMER_KEY_REFUSED, refused));
    } else if (dead != null) {
      causes.add(new NotReady(NotReady.SINK_STOPPED, dead + "; the instance stops"));
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

  /**
   * Stops the loops together (each drains and commits), then closes what they used, in order, all
   * within {@link #CLOSE_BUDGET}: what is still closing then (Kafka gone, a producer with records
   * it cannot send) is left behind with a warning, and its records are delivered again.
   */
  @Override
  public void close() {
    closing = true;
    long start = System.nanoTime();
    long deadline = start + CLOSE_BUDGET.toNanos();
    stages.forEach(s -> s.loop().close());
    for (Stage s : stages) {
      joinUntil(s.thread(), deadline - RESOURCES_SHARE.toNanos());
    }
    Thread rest = new Thread(this::closeResources, "sink-close");
    rest.setDaemon(true);
    rest.start();
    joinUntil(rest, deadline);
    List<String> left = new ArrayList<>();
    stages.stream().filter(s -> s.thread().isAlive()).forEach(s -> left.add(s.thread().getName()));
    if (rest.isAlive()) {
      left.add("its Kafka clients");
    }
    if (!left.isEmpty()) {
      LOG.warn(
          "the sink did not stop within {} s ({} still closing); stopping without waiting longer:"
              + " what was not committed is delivered again",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
          String.join(", ", left));
    }
  }

  private void closeResources() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("closing the sink: {}", e.toString());
      }
    }
  }

  private static void joinUntil(Thread t, long deadlineNanos) {
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
