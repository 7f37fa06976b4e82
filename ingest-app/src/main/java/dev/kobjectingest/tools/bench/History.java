package dev.kobjectingest.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a pipeline has learned after a history of distinct orders, written into a scenario's two id
 * topics as the sink writes them (an order KObject id and change count per order, a customer id per
 * identity, one customer per four orders): the memory an instance needs must not grow with it. The
 * history's ids are what the sink reads at start and keeps; Kustomer is not told (those orders
 * never come back in the backlog measured after it).
 */
final class History {
  private History() {}

  /** Seeds {@code orders} distinct orders into the id topics named by {@code settings}. */
  static void seed(Map<String, String> settings, int orders) throws Exception {
    String sinkIds = settings.get("topics.sink-ids");
    String customerIds = settings.get("topics.customer-ids");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("kafka.bootstrap.servers"));
    try (Admin admin = Admin.create(p)) {
      Map<String, String> compact =
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      admin
          .createTopics(
              List.of(
                  new NewTopic(sinkIds, 3, (short) 1).configs(compact),
                  new NewTopic(customerIds, 3, (short) 1).configs(compact)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    String klass = settings.getOrDefault("kustomer.order.klass", "order");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        sent.add(
            producer.send(
                new ProducerRecord<>(sinkIds, "order/" + klass + "/history-" + i, id(i) + "|4")));
        if (i % 4 == 0) {
          sent.add(
              producer.send(
                  new ProducerRecord<>(
                      customerIds, "externalId:history-customer-" + i / 4, id(orders + i))));
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(); // a history that did not land would measure nothing
      }
    }
  }

  /** A Kustomer-like object id (24 hex digits). */
  private static String id(long n) {
    return String.format(Locale.ROOT, "%024x", 0x5f00_0000_0000L + n);
  }
}
