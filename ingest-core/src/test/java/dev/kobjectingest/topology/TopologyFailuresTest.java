package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyFailuresTest {
  @ParameterizedTest(name = "{0}: record failure {1}, reason {2}")
  @CsvSource({
    "npe, true, processing-error",
    "arithmetic, true, processing-error",
    "serialization, true, serialization-error",
    "oversized, true, too-large",
    "too-large, true, too-large",
    "store-wrapping-oversized, true, too-large",
    "timeout, false, ",
    "fenced, false, ",
    "authorization, false, ",
    "state-store, false, ",
  })
  void recordFailuresAreTheRecordsTheRestAreTheInfrastructures(
      String kind, boolean record, String reason) {
    Exception e =
        switch (kind) {
          case "npe" -> new NullPointerException();
          case "arithmetic" -> new ArithmeticException("overflow");
          case "serialization" -> new SerializationException("bad");
          case "oversized" -> new OversizedRecordException("OrderState", 2_000_000, 1_000_000);
          case "too-large" -> new RecordTooLargeException("big");
          case "store-wrapping-oversized" ->
              new StreamsException(new OversizedRecordException("OrderState", 2, 1));
          case "timeout" -> new TimeoutException("broker");
          case "fenced" -> new ProducerFencedException("zombie");
          case "authorization" -> new AuthorizationException("acl");
          case "state-store" -> new ProcessorStateException("rocksdb");
          default -> throw new IllegalArgumentException(kind);
        };
    assertThat(TopologyFailures.isRecordFailure(e)).isEqualTo(record);
    if (record
        && e instanceof RuntimeException
        && !(e instanceof SerializationException)
        && !(e instanceof RecordTooLargeException)
        && !(e instanceof StreamsException)) {
      assertThat(TopologyFailures.processingReason(e)).isEqualTo(reason);
    }
    if (record && (e instanceof SerializationException || e instanceof RecordTooLargeException)) {
      assertThat(TopologyFailures.productionReason(e)).isEqualTo(reason);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "map-orders.raw, map",
    "source-orders.raw, map",
    "order-events-repartition-sink, map",
    "order-state, state",
    "KTABLE-FK-JOIN-OUTPUT-0000000042, command",
    "customer-commands, command",
  })
  void stagesFollowTheTopologysNames(String node, String stage) {
    assertThat(TopologyFailures.stage(node)).isEqualTo(stage);
  }
}
