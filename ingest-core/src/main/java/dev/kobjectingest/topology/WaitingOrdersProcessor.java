package dev.kobjectingest.topology;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.metrics.IngestMeters;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Holds back the orders whose customer is not known yet and keeps them visible: each waiting order
 * is remembered with when it started waiting, and every few seconds the count and the oldest wait
 * go to {@link IngestMeters} (an alert watches the age). An order leaves when its command is
 * written or, its customer dead-lettered, its own dead letter is due: nothing waits in silence.
 */
final class WaitingOrdersProcessor
    implements FixedKeyProcessor<String, OrderCommand, OrderCommand> {
  static final String STORE = "waiting-orders";
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final IngestMeters meters;
  private FixedKeyProcessorContext<String, OrderCommand> context;
  private Holds waiting;
  private String task;
  private long count;
  private long oldestAge;

  WaitingOrdersProcessor(IngestMeters meters) {
    this.meters = meters;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, OrderCommand> context) {
    this.context = context;
    this.waiting = new Holds(context.getStateStore(STORE));
    this.task = context.taskId().toString();
    report(context.currentSystemTimeMs());
    context.schedule(REPORT_EVERY, PunctuationType.WALL_CLOCK_TIME, this::report);
  }

  @Override
  public void process(FixedKeyRecord<String, OrderCommand> record) {
    OrderCommand c = record.value();
    if (c != null && c.waitingForCustomer()) {
      if (waiting.hold(record.key(), context.currentSystemTimeMs())) {
        // The count is reported at once; the oldest age on the next report.
        meters.ordersWaiting(task, ++count, oldestAge);
      }
      return;
    }
    if (waiting.release(record.key())) {
      meters.ordersWaiting(task, --count, count == 0 ? 0 : oldestAge);
    }
    if (c != null) {
      context.forward(record);
    }
  }

  /** Counts the store again (the truth after a restart) and finds the oldest wait. */
  private void report(long now) {
    Holds.Figures f = waiting.count(now);
    count = f.count();
    oldestAge = f.oldestAgeMillis();
    meters.ordersWaiting(task, count, oldestAge);
  }

  @Override
  public void close() {
    meters.ordersWaitingGone(task);
  }
}
