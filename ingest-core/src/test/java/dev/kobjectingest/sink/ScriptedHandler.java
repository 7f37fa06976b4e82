package dev.kobjectingest.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A command handler that plays a script of attempts, for tests; records what it was given. */
final class ScriptedHandler implements CommandHandler {
  /** One attempt: returns the event time or throws. */
  interface Attempt {
    long run(ConsumerRecord<byte[], byte[]> record) throws Exception;
  }

  private final Queue<Attempt> script = new ConcurrentLinkedQueue<>();
  private volatile Attempt otherwise = r -> 0L;
  final List<CallFailure> previous = new CopyOnWriteArrayList<>();
  final List<Long> handled = new CopyOnWriteArrayList<>();

  ScriptedHandler then(Attempt attempt) {
    script.add(attempt);
    return this;
  }

  ScriptedHandler thenAlways(Attempt attempt) {
    otherwise = attempt;
    return this;
  }

  int attempts() {
    return previous.size();
  }

  @Override
  public long handle(ConsumerRecord<byte[], byte[]> record, CallFailure previous)
      throws CallFailure, InterruptedException, InvalidCommand {
    this.previous.add(previous); // null on a first attempt
    Attempt next = script.poll();
    try {
      long t = (next == null ? otherwise : next).run(record);
      handled.add(record.offset());
      return t;
    } catch (CallFailure | InterruptedException | InvalidCommand | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a record's key and value say about its order: the value's first byte. */
  @Override
  public long sequence(ConsumerRecord<byte[], byte[]> record) {
    return record.value() == null || record.value().length == 0 ? 0 : record.value()[0];
  }

  List<CallFailure> previousFailures() {
    return new ArrayList<>(previous);
  }
}
