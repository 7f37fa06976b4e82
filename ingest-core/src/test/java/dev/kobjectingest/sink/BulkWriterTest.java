package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching: single writes from many threads become full bulk requests. */
class BulkWriterTest {
  private final FakeTime time = new FakeTime();
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final FakeKustomer kustomer = new FakeKustomer(new BulkEndpoint());
  private BulkWriter writer;

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.close();
    }
    callers.shutdownNow();
  }

  @Test
  void writesFromManyThreadsGoInFullRequestsAndEachCallerGetsItsOwnId() throws Exception {
    // A linger far beyond the test: only full batches are sent.
    writer = writer(5, Duration.ofHours(1)).start();
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String externalId = "o" + i;
      ids.add(callers.submit(() -> writer.write(item(externalId))));
    }

    for (int i = 0; i < 10; i++) {
      assertThat(ids.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("id-o" + i);
    }
    List<FakeKustomer.Call> posts =
        kustomer.calls().stream().filter(c -> c.method().equals("POST")).toList();
    assertThat(posts).hasSize(2).allSatisfy(c -> assertThat(c.body()).hasSize(5));
    assertThat(writer.items()).isEqualTo(10);
  }

  @Test
  void aBatchTakesWhatIsQueuedUpToItsSizeAndNoMoreOnceLingerIsOver() throws Exception {
    writer = writer(3, Duration.ZERO);
    for (int i = 0; i < 5; i++) {
      var unused = writer.submit(item("o" + i));
    }

    assertThat(externalIds(writer.nextBatch())).containsExactly("o0", "o1", "o2");
    assertThat(externalIds(writer.nextBatch())).containsExactly("o3", "o4");
  }

  /**
   * While the budget sets the pace a batch stays open past its linger and takes what comes, up to a
   * bound; once the budget has room it goes as soon as its linger is over.
   */
  @Test
  void aBatchWaitsToFillWhileTheBudgetIsScarceButNotForever() throws Exception {
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean scarce =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    writer =
        new BulkWriter(
            new BulkRequest(
                kustomer,
                "POST",
                ApiPath.kobjectsBulk("order"),
                Duration.ofMinutes(1),
                time,
                time,
                new JobPace()),
            10,
            Duration.ofMillis(1),
            time,
            Executors.newCachedThreadPool(),
            () -> {
              // Each look at the budget: another item has come meanwhile, and time has passed.
              var unused = writer.submit(item("late" + asked.incrementAndGet()));
              time.advance(Duration.ofMillis(1));
              return scarce.get();
            });
    var unused = writer.submit(item("first"));

    List<String> held = externalIds(writer.nextBatch());
    assertThat(held).as("held past the linger, bounded").hasSize(BulkWriter.MAX_HOLD_LINGERS + 1);
    assertThat(held.get(0)).isEqualTo("first");

    scarce.set(false);
    unused = writer.submit(item("a"));
    unused = writer.submit(item("b"));
    List<String> next = externalIds(writer.nextBatch());
    assertThat(next).as("the budget has room: goes after its linger").containsExactly("a", "b");
  }

  /**
   * Items that keep coming, each well within a linger of the one before, keep the batch open past
   * its first linger: a backlog the topology hands over at tens of commands per second fills its
   * requests instead of sending a few items each. Real time: gaps of a third of the linger.
   */
  @Test
  void itemsThatKeepComingKeepTheBatchOpenPastItsLinger() throws Exception {
    writer = realTimeWriter(Duration.ofSeconds(1));
    var unused = writer.submit(item("first"));
    Future<?> feeder =
        callers.submit(
            () -> {
              for (int i = 0; i < 5; i++) {
                Thread.sleep(300); // 1.5 s of items in all, beyond the first linger
                var ignored = writer.submit(item("next" + i));
              }
              return null;
            });

    List<String> batch = externalIds(writer.nextBatch());

    feeder.get(10, TimeUnit.SECONDS);
    assertThat(batch).containsExactly("first", "next0", "next1", "next2", "next3", "next4");
  }

  /** Items that never stop still do not hold a batch beyond its bound. */
  @Test
  void aBatchHeldByArrivingItemsStillGoesAtItsBound() throws Exception {
    writer = realTimeWriter(Duration.ofMillis(50));
    var unused = writer.submit(item("first"));
    Future<?> feeder =
        callers.submit(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(10);
                var ignored = writer.submit(item("more"));
              }
              return null;
            });

    List<String> batch = externalIds(writer.nextBatch());

    feeder.cancel(true);
    assertThat(batch).hasSizeGreaterThan(1).hasSizeLessThan(1000);
  }

  @Test
  void anItemWhoseCallerGaveUpIsNotSent() throws Exception {
    writer = writer(10, Duration.ZERO);
    // The worker was interrupted (a revoked partition): its caller gave up.
    assertThat(writer.submit(item("gone")).cancel(false)).isTrue();
    var unused = writer.submit(item("kept"));

    assertThat(externalIds(writer.nextBatch())).containsExactly("kept");
  }

  @Test
  void aWriterInterruptedWhileWaitingLeavesItsItemUnsent() throws Exception {
    writer = writer(10, Duration.ZERO);
    Thread.currentThread().interrupt(); // as a worker is when its partition is revoked

    assertThatThrownBy(() -> writer.write(item("gone"))).isInstanceOf(InterruptedException.class);
    var unused = writer.submit(item("kept"));

    assertThat(externalIds(writer.nextBatch())).containsExactly("kept");
  }

  @Test
  void closingFailsTheQueuedItemsAsUnknown() {
    writer = writer(10, Duration.ZERO);
    CompletableFuture<String> pending = writer.submit(item("o1"));

    writer.close();

    assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CallFailure.class)
        .hasMessageContaining("the sink is stopping");
  }

  private BulkWriter writer(int maxItems, Duration linger) {
    return writer(maxItems, linger, time);
  }

  /** Linger and hold measured by the real clock (requests still see the fake one). */
  private BulkWriter realTimeWriter(Duration linger) {
    return writer(1000, linger, java.time.Clock.systemUTC());
  }

  private BulkWriter writer(int maxItems, Duration linger, java.time.Clock clock) {
    return BulkEndpoint.orderCreates(kustomer, time, maxItems, linger, clock);
  }

  private static ObjectNode item(String externalId) {
    return JsonNodeFactory.instance.objectNode().put("externalId", externalId);
  }

  private static List<String> externalIds(List<BulkRequest.Item> batch) {
    return batch.stream().map(i -> i.body().path("externalId").asText()).toList();
  }
}
