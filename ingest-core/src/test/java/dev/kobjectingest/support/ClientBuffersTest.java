package dev.kobjectingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientBuffersTest {
  @Test
  void boundsApplyUnderThePrefixUnlessTheUserSetTheKeyEitherWay() {
    Properties p = new Properties();
    p.put("max.partition.fetch.bytes", 1); // the user's, for every client
    p.put("main.consumer.fetch.max.bytes", 2); // the user's, for one client

    ClientBuffers.consumer(p, "main.consumer.");
    ClientBuffers.producer(p, "producer.");

    assertThat(p)
        .doesNotContainKey("main.consumer.max.partition.fetch.bytes")
        .containsEntry("main.consumer.fetch.max.bytes", 2)
        .containsEntry("producer.buffer.memory", ClientBuffers.PRODUCER_BUFFER_BYTES);
  }
}
