package dev.kobjectingest.app;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.sink.IngestSink;
import dev.kobjectingest.sink.SinkFactory;
import dev.kobjectingest.support.ExpectedLogNoise;
import dev.kobjectingest.support.RepeatedLogLimit;
import dev.kobjectingest.support.Sleeper;
import dev.kobjectingest.topology.IngestStreamsApp;
import dev.kobjectingest.topology.StreamThreadPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/** The whole pipeline of one instance: the Streams application and the sink. */
public final class Pipeline implements AutoCloseable {
  private volatile boolean closing;
  private volatile String failed;
  private final IngestStreamsApp streams;
  private final IngestSink sink;
  private final KafkaWatch kafka;
  private final CompositeMeterRegistry meters;

  private Pipeline(
      IngestStreamsApp streams, IngestSink sink, KafkaWatch kafka, CompositeMeterRegistry meters) {
    this.streams = streams;
    this.sink = sink;
    this.kafka = kafka;
    this.meters = meters;
  }

  public static Pipeline start(IngestConfig config, ApiKey key, String version)
      throws InterruptedException {
    // Domain meters go to a composite from the start, so counts made before a registry is bound
    // are not lost: a registry added later receives every meter already registered.
    CompositeMeterRegistry meters = new CompositeMeterRegistry();
    IngestMeters domain = new IngestMeters(meters);
    IngestStreamsApp streams = IngestStreamsApp.start(config, version, domain);
    IngestSink sink;
    try {
      sink = SinkFactory.start(config, key, version, Clock.systemUTC(), Sleeper.SYSTEM, domain);
    } catch (RuntimeException | InterruptedException e) {
      streams.close();
      throw e;
    }
    try {
      return new Pipeline(streams, sink, KafkaWatch.start(config, Clock.systemUTC()), meters);
    } catch (RuntimeException e) {
      sink.close();
      streams.close();
      throw e;
    }
  }

  /** Healthy while nothing stops the pipeline from making progress (see {@link #notReady()}). */
  public boolean healthy() {
    return notReady().isEmpty();
  }

  /** Every reason the pipeline cannot make progress now; empty when it can. */
  public List<NotReady> notReady() {
    List<NotReady> causes = new ArrayList<>();
    KafkaStreams.State s = streams.state();
    if (s != KafkaStreams.State.RUNNING && s != KafkaStreams.State.REBALANCING) {
      causes.add(new NotReady(NotReady.STREAMS_NOT_RUNNING, "Kafka Streams is " + s));
    }
    StreamThreadPolicy threads = streams.threads();
    if (threads.failing()) {
      causes.add(new NotReady(NotReady.STREAM_THREAD_FAILING, threads.describe()));
    }
    causes.addAll(sink.notReady());
    causes.addAll(kafka.notReady());
    return causes;
  }

  /**
   * Why the pipeline cannot go on, or null; a stop asked for (SIGTERM) is not a failure. The
   * command line stops the instance on it (exit 1), and {@code /health/live} reports it until the
   * process has exited.
   */
  public String failure() {
    String known = failed;
    if (known != null || closing) {
      return known;
    }
    String now = currentFailure();
    if (now != null) {
      // Kept: the stop that follows must not turn /health/live back to UP while it takes.
      failed = now;
    }
    return now;
  }

  private String currentFailure() {
    if (sink.fatalFailure() != null) {
      return "the sink stopped: " + sink.fatalFailure();
    }
    if (streams.threads().gaveUp()) {
      // A deleted source topic fails the threads; the watch knows which one it was.
      return "the Streams application stopped: "
          + streams.threads().describe()
          + kafka.notReady().stream()
              .filter(c -> NotReady.TOPICS_MISSING.equals(c.cause()))
              .map(c -> " (" + c.detail() + ")")
              .findFirst()
              .orElse("");
    }
    KafkaStreams.State s = streams.state();
    if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
      return "the Streams application stopped (" + s + ")";
    }
    return null;
  }

  /**
   * Binds the pipeline's meters: the domain meters (events in, commands, dead letters, end-to-end
   * latency), Kafka Streams' own metrics and the sink's.
   */
  public void bindTo(MeterRegistry registry) {
    meters.add(registry);
    Gauge.builder("ingest.ready", this, p -> p.healthy() ? 1 : 0)
        .description("1 while the pipeline can make progress (what /health/ready says)")
        .register(registry);
    for (String cause : NotReady.CAUSES) {
      Gauge.builder(
              "ingest.not.ready",
              this,
              p -> p.notReady().stream().anyMatch(c -> c.cause().equals(cause)) ? 1 : 0)
          .description("1 while this cause keeps the instance from making progress")
          .tag("cause", cause)
          .register(registry);
    }
    FunctionCounter.builder(
            "ingest.log.suppressed", RepeatedLogLimit.class, c -> RepeatedLogLimit.suppressed())
        .description(
            "Kafka client log lines held back as repeats (each logger and message logs once per"
                + " 30 s, with the count held back)")
        .register(registry);
    for (String kind : ExpectedLogNoise.kinds()) {
      FunctionCounter.builder(
              "ingest.log.expected",
              ExpectedLogNoise.counts(),
              c -> c.containsKey(kind) ? c.get(kind).sum() : 0)
          .description(
              "Kafka warnings about expected, harmless conditions, logged once then counted")
          .tag("kind", kind)
          .register(registry);
    }
    FunctionCounter.builder(
            "ingest.stream.thread.failures", streams.threads(), StreamThreadPolicy::failures)
        .description("Stream threads that died (record failures are dead letters, not these)")
        .register(registry);
    new KafkaStreamsMetrics(streams.streams()).bindTo(registry);
    sink.bindTo(registry);
  }

  public IngestSink sink() {
    return sink;
  }

  public IngestStreamsApp streams() {
    return streams;
  }

  /**
   * Stops both halves at once, so the whole stop fits an orchestrator's grace period (Kubernetes
   * gives 30 s): the sink lets running writes finish for a few seconds and commits, Streams commits
   * its transaction.
   */
  @Override
  public void close() {
    closing = true;
    kafka.close();
    Thread streamsClose = new Thread(streams::close, "streams-close");
    streamsClose.start();
    sink.close();
    try {
      streamsClose.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
