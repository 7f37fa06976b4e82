package dev.kobjectingest.app;

import dev.kobjectingest.config.IngestConfig;
import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.sink.IngestSink;
import dev.kobjectingest.topology.IngestStreamsApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;

/** The whole pipeline of one instance: the Streams application and the sink. */
public final class Pipeline implements AutoCloseable {
  private final IngestStreamsApp streams;
  private final IngestSink sink;

  private Pipeline(IngestStreamsApp streams, IngestSink sink) {
    this.streams = streams;
    this.sink = sink;
  }

  public static Pipeline start(IngestConfig config, ApiKey key, String version)
      throws InterruptedException {
    IngestStreamsApp streams = IngestStreamsApp.start(config, version);
    try {
      return new Pipeline(streams, IngestSink.start(config, key, version, Clock.systemUTC()));
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

  /** Binds the pipeline's meters: Kafka Streams' own metrics and the sink's. */
  public void bindTo(MeterRegistry registry) {
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
