package dev.kobjectingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * The pipeline's domain meters, shared by the topology and the sink. Every tag value comes from a
 * small closed set (rule topics, stages, reason codes, command kinds), never from record content,
 * so a bad payload cannot explode the series count or leak an email into a label.
 */
public final class IngestMeters {
  private final MeterRegistry registry;
  private final HeldOrders waitingForCustomer;
  private final HeldOrders incomplete;
  private final HeldOrders dueUpdates;

  public IngestMeters(MeterRegistry registry) {
    this.registry = registry;
    this.waitingForCustomer =
        new HeldOrders(
            registry,
            "ingest.orders.waiting.for.customer",
            "Orders held back because their customer's id is not known yet (neither written nor"
                + " dead-lettered)",
            "ingest.orders.waiting.oldest.seconds",
            "How long the longest-waiting of those orders has waited");
    this.incomplete =
        new HeldOrders(
            registry,
            "ingest.orders.incomplete",
            "Orders with shipments or line items but no order event yet: nothing to write until it"
                + " comes",
            "ingest.orders.incomplete.oldest.seconds",
            "How long the oldest of those has waited for its order event");
    this.dueUpdates =
        new HeldOrders(
            registry,
            "ingest.customers.updates.due",
            "Customers whose update is due and not sent yet: gathered for an interval, held while the"
                + " topology catches up on a backlog (up to topology.customer-updates.max-wait.ms)",
            "ingest.customers.updates.due.oldest.seconds",
            "How long the longest-due of those updates has waited");
  }

  /** Meters that go nowhere (a composite without registries records nothing and costs little). */
  public static IngestMeters none() {
    return new IngestMeters(new CompositeMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * What one task of the topology holds back: {@code count} orders waiting for their customer, the
   * oldest of them for {@code oldestAgeMillis}.
   */
  public void ordersWaiting(String task, long count, long oldestAgeMillis) {
    waitingForCustomer.report(task, count, oldestAgeMillis);
  }

  /** A task that moved away or closed holds nothing here any more. */
  public void ordersWaitingGone(String task) {
    waitingForCustomer.gone(task);
  }

  /**
   * What one task holds without its order event (shipments or line items of an order not seen yet):
   * {@code count} orders, the oldest for {@code oldestAgeMillis}.
   */
  public void ordersIncomplete(String task, long count, long oldestAgeMillis) {
    incomplete.report(task, count, oldestAgeMillis);
  }

  public void ordersIncompleteGone(String task) {
    incomplete.gone(task);
  }

  /**
   * What one task has due and not sent: {@code count} customer updates, the longest due for {@code
   * oldestAgeMillis}.
   */
  public void customerUpdatesDue(String task, long count, long oldestAgeMillis) {
    dueUpdates.report(task, count, oldestAgeMillis);
  }

  public void customerUpdatesDueGone(String task) {
    dueUpdates.gone(task);
  }

  /** One raw event read from {@code topic}: {@code mapped} or {@code dead-lettered}. */
  public void inputEvent(String topic, String outcome) {
    Counter.builder("ingest.events.in")
        .description("Raw events read, by topic and outcome")
        .tag("topic", topic)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /**
   * One event a rule's {@code when} skipped (a draft, a test order): never dead-lettered, counted
   * here by topic and rule (the rule file's name).
   */
  public void eventSkipped(String topic, String rule) {
    Counter.builder("ingest.events.skipped")
        .description("Events a rule's when skipped, by topic and rule")
        .tag("topic", topic)
        .tag("rule", rule)
        .register(registry)
        .increment();
  }

  /**
   * One value left out of an event instead of dead-lettering it (a customer phone that cannot be
   * read), by topic and rule field.
   */
  public void valueDropped(String topic, String field) {
    Counter.builder("ingest.values.dropped")
        .description("Values left out of a mapped event (unreadable phones), by topic and field")
        .tag("topic", topic)
        .tag("field", field)
        .register(registry)
        .increment();
  }

  /** One write command emitted by the topology ({@code customer} or {@code order}). */
  public void commandEmitted(String kind) {
    Counter.builder("ingest.commands.emitted")
        .description("Write commands the topology emitted, by kind")
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  /** One record sent to the dead-letter topic, by the stage that gave up and its reason code. */
  public void deadLetter(String stage, String reason) {
    Counter.builder("ingest.dead.letters")
        .description("Records dead-lettered, by stage and reason")
        .tag("stage", stage)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** From the source event's timestamp to the applied write of the command it produced. */
  public void endToEnd(String stage, Duration latency) {
    Timer.builder("ingest.end.to.end.latency")
        .description("From the source event's Kafka timestamp to the applied Kustomer write")
        .tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry)
        .record(latency.isNegative() ? Duration.ZERO : latency);
  }
}
