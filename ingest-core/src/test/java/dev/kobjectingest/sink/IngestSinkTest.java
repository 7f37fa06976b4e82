package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.metrics.IngestMeters;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.testsupport.KafkaTestBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A command loop whose thread dies of an exception nobody expected (here: its rebalance callback
 * fails, as a catch-up on a deleted id table does) stops the sink visibly: a fatal failure naming
 * the topic, the thread and the exception, which makes the instance exit, instead of a
 * "sink-stopped" that lasts forever in a process that never exits.
 */
class IngestSinkTest {
  @Test
  void aLoopWhoseThreadDiesIsAFatalFailureNamingWhatHappened() throws Exception {
    KafkaTestBroker kafka = KafkaTestBroker.shared();
    String topic = kafka.createTopic(kafka.uniqueTopic("sink.order-commands"), 1);
    Clock clock = Clock.systemUTC();
    ExecutorService pool = Executors.newFixedThreadPool(1);
    SinkCounters counters = new SinkCounters();
    CommandProcessor processor =
        new CommandProcessor(
            "kobject", new FailingCatchUp(), null, null, counters, IngestMeters.none(), clock);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProperties(kafka), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    CommandLoop loop =
        new CommandLoop(
            topic,
            consumer,
            new KeyedExecutor<>(pool),
            processor,
            new LoopSettings(
                100,
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                true),
            clock,
            counters);
    IngestSink sink = new IngestSink();
    Thread thread = new Thread(loop, "sink-kobject");
    try {
      assertThat(sink.fatalFailure()).isNull();
      sink.start(new IngestSink.Stage("kobject", loop, processor, counters, consumer, thread));
      thread.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(thread.isAlive()).as("the loop's thread died").isFalse();

      assertThat(sink.fatalFailure())
          .startsWith("the " + topic + " consumer (thread sink-kobject) died: KafkaException: ")
          .doesNotContain("\n");
      assertThat(sink.notReady())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.cause()).isEqualTo(NotReady.SINK_STOPPED);
                assertThat(c.detail()).contains("sink-kobject").endsWith("the instance stops");
              });
    } finally {
      sink.close();
      pool.shutdownNow();
    }
  }

  private static Properties consumerProperties(KafkaTestBroker kafka) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueTopic("sink-group"));
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return p;
  }

  /** A handler whose catch-up fails, as one on an id table whose topic was deleted does. */
  private static final class FailingCatchUp implements CommandHandler {
    @Override
    public long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous) {
      return 0;
    }

    @Override
    public void partitionsAssigned() {
      throw new IllegalStateException("cannot read ingest.sink-ids: TimeoutException");
    }

    @Override
    public long sequence(ConsumerRecord<byte[], byte[]> record) {
      return 0;
    }
  }
}
