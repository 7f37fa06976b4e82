package dev.kobjectingest.app;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.sink.IngestSink;
import dev.kobjectingest.sink.SinkFactory;
import dev.kobjectingest.support.Sleeper;
import dev.kobjectingest.topology.IngestStreamsApp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;

/** The whole pipeline of one instance: the Streams application and the sink. */
public final class Pipeline implements AutoCloseable {
  private final IngestStreamsApp streams;
  private final IngestSink sink;
  private final CompositeMeterRegistry meters;

  private Pipeline(IngestStreamsApp streams, IngestSink sink, CompositeMeterRegistry meters) {
    this.streams = streams;
    this.sink = sink;
    this.meters = meters;
  }

  public static Pipeline start(IngestConfig config, ApiKey key, String version)
      throws InterruptedException {
    // Domain meters go to a composite from the start, so counts made before a registry is bound
    // are not lost: a registry added later receives every meter already registered.
    CompositeMeterRegistry meters = new CompositeMeterRegistry();
    IngestMeters domain = new IngestMeters(meters);
    IngestStreamsApp streams = IngestStreamsApp.start(config, version, domain);
    try {
      IngestSink sink =
          SinkFactory.start(config, key, version, Clock.systemUTC(), Sleeper.SYSTEM, domain);
      return new Pipeline(streams, sink, meters);
    } catch (RuntimeException | InterruptedException e) {
      streams.close();
      throw e;
    }
  }

  /** Healthy while Streams runs (or rebalances) and both sink consumers are alive. */
  public boolean healthy() {
    KafkaStreams.State s = streams.state();
    return (s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING)
        && sink.running()
        && sink.fatalFailure() == null;
  }

  /** Why the pipeline cannot go on, or null. */
  public String failure() {
    if (sink.fatalFailure() != null) {
      return "the sink stopped: " + sink.fatalFailure();
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
        .description("1 while the Streams app runs and the sink consumes (what /health/ready says)")
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

  @Override
  public void close() {
    sink.close();
    streams.close();
  }
}
