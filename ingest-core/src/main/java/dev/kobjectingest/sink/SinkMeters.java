package dev.kobjectingest.sink;

import dev.kobjectingest.kustomer.budget.RequestBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Producer;

/**
 * The sink's meters (docs/style.md 10): tags from closed sets only (stages, operations, status
 * classes), and the Kafka clients' own metrics bound rather than reinvented.
 */
final class SinkMeters {
  private final KustomerGateway gateway;
  private final RequestBudget budget;
  private final int perMinute;
  private final List<Producer<?, ?>> producers;
  private final MemoryMeters memory;

  SinkMeters(
      KustomerGateway gateway,
      RequestBudget budget,
      int perMinute,
      List<Producer<?, ?>> producers,
      MemoryMeters memory) {
    this.memory = memory;
    this.gateway = gateway;
    this.budget = budget;
    this.perMinute = perMinute;
    this.producers = List.copyOf(producers);
  }

  void bindTo(MeterRegistry registry, List<IngestSink.Stage> stages) {
    gateway.recordTo(registry);
    memory.bindTo(registry);
    for (IngestSink.Stage s : stages) {
      SinkCounters c = s.counters();
      counter(registry, s.name(), "ingest.sink.applied", "Commands applied to Kustomer", c.applied);
      counter(
          registry,
          s.name(),
          "ingest.commands.coalesced",
          "Commands skipped because a newer one for the same key was queued",
          c.coalesced);
      counter(registry, s.name(), "ingest.sink.retries", "Retried Kustomer calls", c.retries);
      Gauge.builder("ingest.sink.in.flight", s.loop(), CommandLoop::inFlight)
          .description("Records read and not yet applied or dead-lettered")
          .tag("stage", s.name())
          .register(registry);
      Gauge.builder("ingest.sink.backlog", s.loop(), CommandLoop::backlog)
          .description(
              "Command records this instance has to apply: read and unfinished, plus not read yet")
          .tag("stage", s.name())
          .register(registry);
      // The consumer allows metrics() from another thread.
      new KafkaClientMetrics(s.consumer()).bindTo(registry);
    }
    producers.forEach(p -> new KafkaClientMetrics(p).bindTo(registry));
    Gauge.builder("kustomer.api.in.flight", gateway, KustomerGateway::inFlight)
        .description("Kustomer requests sent and not yet answered")
        .register(registry);
    Gauge.builder("kustomer.budget.remaining", budget, RequestBudget::lastRemaining)
        .description("The org budget Kustomer last reported left (x-ratelimit-remaining)")
        .register(registry);
    Gauge.builder("kustomer.budget.limit", this, m -> m.perMinute)
        .description(
            "The org's Kustomer budget in requests per minute (kustomer.rate-limit.per-minute)")
        .register(registry);
    FunctionCounter.builder("kustomer.budget.wait.seconds", budget, b -> b.waitedMillis() / 1000.0)
        .description("Time spent waiting for the request budget")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry, String stage, String name, String description, LongAdder count) {
    FunctionCounter.builder(name, count, LongAdder::sum)
        .description(description)
        .tag("stage", stage)
        .register(registry);
  }
}
