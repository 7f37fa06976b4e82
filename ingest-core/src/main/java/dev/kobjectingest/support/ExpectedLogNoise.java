package dev.kobjectingest.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Kafka's warnings and errors about conditions that are expected and harmless here, replaced by one
 * line each that says so, and counted ({@link #counts()}, exported as a metric): a first-time user
 * reads an ERROR line as "broken", and a line per record buries the real problems. Registered in
 * {@code logback.xml}. Only the exact conditions below are matched; everything else from Kafka
 * still logs.
 */
public final class ExpectedLogNoise extends TurboFilter {
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
  private static volatile boolean temporaryStateExpected;

  /** One expected condition: where it is logged, how to recognise it, and what it means. */
  private record Kind(String name, String logger, Predicate<String> matches, String meaning) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind(
              "broker-out-of-order-sequence",
              "kafka.server.ReplicaManager",
              m -> m.contains("OutOfOrderSequenceException"),
              "the in-process broker refused a transactional producer's first batch on a fresh"
                  + " partition (KAFKA-15591); the producer retries it, nothing is lost"),
          new Kind(
              "producer-concurrent-transactions",
              "org.apache.kafka.clients.producer.internals.Sender",
              m -> m.contains("CONCURRENT_TRANSACTIONS"),
              "a transactional producer retried while its previous transaction was completing"),
          new Kind(
              "producer-out-of-order-sequence",
              "org.apache.kafka.clients.producer.internals.Sender",
              m -> m.contains("OUT_OF_ORDER_SEQUENCE_NUMBER") && m.contains("retrying"),
              "a transactional producer retried a first batch the broker refused on a fresh"
                  + " partition (KAFKA-15591); nothing is lost"),
          new Kind(
              "metadata-unknown-topic",
              "org.apache.kafka.clients.NetworkClient",
              m -> m.contains("UNKNOWN_TOPIC_OR_PARTITION") || m.contains("LEADER_NOT_AVAILABLE"),
              "a client asked for a topic before its creation reached the broker (Streams creates"
                  + " its internal topics at start-up); /health/ready reports topics that stay"
                  + " missing"),
          new Kind(
              "global-processing-handler",
              "org.apache.kafka.streams.StreamsConfig",
              m -> m.contains("Processing exception handler is not enabled for the GlobalThread"),
              "a configuration built without the pipeline's settings (the topology builder's);"
                  + " the running application has it enabled"),
          new Kind(
              "controller-bootstrap",
              "org.apache.kafka.controller.QuorumController",
              m -> m.contains("The metadata log appears to be empty"),
              "the in-process broker started on an empty log, as it does every time"),
          new Kind(
              "temporary-state-dir",
              "org.apache.kafka.streams.processor.internals.StateDirectory",
              m -> temporaryStateExpected && m.contains("Using an OS temp directory"),
              "this command keeps its Kafka Streams state in a temporary directory on purpose"),
          new Kind(
              "network-client-closed-twice",
              "org.apache.kafka.clients.NetworkClient",
              m -> m.contains("Attempting to close NetworkClient that has already been closed"),
              "the in-process broker shut down"));

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    String message = null;
    for (Kind k : KINDS) {
      if (!name.equals(k.logger())) {
        continue;
      }
      if (message == null) {
        message = text(format, params, t);
      }
      if (k.matches().test(message)) {
        LongAdder count = COUNTS.computeIfAbsent(k.name(), x -> new LongAdder());
        count.increment();
        if (count.sum() == 1) {
          LoggerFactory.getLogger(ExpectedLogNoise.class)
              .info(
                  "expected: {} ({}; further ones are counted in ingest_log_expected_total)",
                  k.meaning(),
                  k.name());
        }
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }

  private static String text(String format, Object[] params, Throwable t) {
    Throwable thrown = t;
    String formatted = MessageFormatter.arrayFormat(format, params).getMessage();
    if (thrown == null
        && params != null
        && params.length > 0
        && params[params.length - 1] instanceof Throwable last) {
      thrown = last;
    }
    return thrown == null ? formatted : formatted + " " + thrown.getClass().getName();
  }

  /** The names of the conditions, a closed set (metric tags). */
  public static List<String> kinds() {
    return KINDS.stream().map(Kind::name).toList();
  }

  /**
   * Says that this process keeps its Streams state in a temporary directory on purpose (the demo,
   * whose state is thrown away): Kafka's warning about it is then expected. In {@code run} it is
   * not, and still logs.
   */
  public static void expectTemporaryStateDir() {
    temporaryStateExpected = true;
  }

  /** How often each expected condition occurred since start. */
  public static Map<String, LongAdder> counts() {
    return COUNTS;
  }
}
