package dev.kobjectingest.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTestBrokerIT {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Test
  void producedRecordsAreConsumedInPartitionOrderFromARealBroker() throws Exception {
    String topic = kafka.createTopic(kafka.uniqueTopic("harness"), 3);

    Properties producerProps = kafka.clientProperties();
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(topic, "order-" + (i % 7), "v" + i)).get();
      }
    }

    Properties consumerProps = kafka.clientProperties();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueTopic("group"));
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < 100 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }

    assertThat(received).hasSize(100);
    // Per key, values arrive in the order they were produced: the ordering our pipeline relies on.
    for (int k = 0; k < 7; k++) {
      String key = "order-" + k;
      List<Integer> seq =
          received.stream()
              .filter(r -> r.key().equals(key))
              .map(r -> Integer.parseInt(r.value().substring(1)))
              .toList();
      assertThat(seq).isSorted();
    }
  }

  @Test
  void everyTestJvmSharesOneBroker() {
    assertThat(KafkaTestBroker.shared()).isSameAs(kafka);
    assertThat(kafka.kind()).isIn("embedded-kraft", "testcontainers");
  }
}
