package dev.kobjectingest.sink;

import dev.kobjectingest.command.CommandJson;
import dev.kobjectingest.command.CustomerCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Asks for a customer again, on the customer-commands topic keyed by identity (so only the task
 * owning the identity ever creates it): what a replayed order does when its customer was given up.
 * Once resolved, the topology releases every order of the identity.
 */
final class CustomerRequests {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration timeout;

  CustomerRequests(Producer<byte[], byte[]> producer, String topic, Duration timeout) {
    this.producer = producer;
    this.topic = topic;
    this.timeout = timeout;
  }

  /** Publishes {@code command} durably, carrying the replay's header. */
  void request(CustomerCommand command, Header replayId) throws InterruptedException {
    try {
      ProducerRecord<byte[], byte[]> r =
          new ProducerRecord<>(
              topic,
              command.identityKey().getBytes(StandardCharsets.UTF_8),
              CommandJson.write(command));
      if (replayId != null) {
        r.headers().add(replayId);
      }
      producer.send(r).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot ask for the customer again: " + e, e);
    }
  }
}
