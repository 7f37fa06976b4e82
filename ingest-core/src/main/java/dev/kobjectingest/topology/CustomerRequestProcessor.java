package dev.kobjectingest.topology;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Passes a customer command on only when its identity is new or its details changed: an order
 * update must not cost a customer lookup. Runs after repartitioning by identity, so one task owns
 * each identity.
 */
final class CustomerRequestProcessor
    implements FixedKeyProcessor<String, CustomerCommand, CustomerCommand> {
  static final String STORE = "customer-requests";

  private FixedKeyProcessorContext<String, CustomerCommand> context;
  private KeyValueStore<String, String> store;

  @Override
  public void init(FixedKeyProcessorContext<String, CustomerCommand> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, CustomerCommand> record) {
    String details = record.value().customer().toString();
    boolean replay = record.headers().lastHeader(DeadLetterHeaders.REPLAY_ID) != null;
    if (replay || !details.equals(store.get(record.key()))) {
      store.put(record.key(), details);
      context.forward(record);
    }
  }
}
