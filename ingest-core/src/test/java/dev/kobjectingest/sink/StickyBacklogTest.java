package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A backlog lasts a while after its records in flight dip, so its writes stay in bulk. */
class StickyBacklogTest {
  private final FakeTime time = new FakeTime();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final StickyBacklog backlog = new StickyBacklog(inFlight::get, 20, time);

  @Test
  void atTrickleItIsTheRecordsInFlight() {
    inFlight.set(3);

    assertThat(backlog.getAsInt()).isEqualTo(3);
    time.advance(Duration.ofHours(1));
    assertThat(backlog.getAsInt()).isEqualTo(3);
  }

  @Test
  void aDipUnderTheThresholdStillCountsAsTheBacklogUntilItHasLastedTheStay() {
    inFlight.set(45);
    assertThat(backlog.getAsInt()).isEqualTo(45);

    inFlight.set(2); // the topology is between handovers
    time.advance(StickyBacklog.STAY.minusMillis(1));
    assertThat(backlog.getAsInt()).as("still a backlog").isEqualTo(20);

    time.advance(Duration.ofMillis(1));
    assertThat(backlog.getAsInt()).as("the backlog is over").isEqualTo(2);
  }

  @Test
  void reachingTheThresholdAgainStartsTheStayAgain() {
    inFlight.set(20);
    assertThat(backlog.getAsInt()).isEqualTo(20);
    time.advance(StickyBacklog.STAY.minusSeconds(1));
    inFlight.set(25);
    assertThat(backlog.getAsInt()).isEqualTo(25);

    inFlight.set(0);
    time.advance(StickyBacklog.STAY.minusMillis(1));
    assertThat(backlog.getAsInt()).isEqualTo(20);
  }
}
