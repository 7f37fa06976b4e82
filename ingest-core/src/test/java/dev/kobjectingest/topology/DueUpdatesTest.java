package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which due updates go out: all at trickle, only the long-held ones while catching up. */
class DueUpdatesTest {
  private final DueUpdates due =
      new DueUpdates(new CustomerUpdatePace(Duration.ofSeconds(5), Duration.ofSeconds(60)));

  @Test
  void atTrickleEveryDueUpdateGoesOutOnce() {
    due.seen(99_000);
    due.due("jane", 99_500);
    due.due("bob", 99_700);
    due.due("jane", 99_800);

    assertThat(due.take(100_000)).containsExactly("jane", "bob");
    assertThat(due.take(105_000)).isEmpty();
  }

  @Test
  void whileCatchingUpOnlyUpdatesDueLongerThanTheMaxWaitGoOut() {
    due.due("jane", 0);
    due.due("bob", 30_000);
    due.seen(10_000); // a record that waited 50 s

    assertThat(due.catchingUp(60_000)).isTrue();
    assertThat(due.take(60_000)).containsExactly("jane");
    due.seen(50_000);
    assertThat(due.take(65_000)).as("bob has waited 35 s of 60").isEmpty();
    assertThat(due.take(70_000)).as("no record since: the backlog is done").containsExactly("bob");
  }

  @Test
  void aRecordFromTheFutureIsLiveTraffic() {
    due.due("jane", 1_000);
    due.seen(9_000_000);

    assertThat(due.take(2_000)).containsExactly("jane");
  }

  @Test
  void oneOldRecordAmongFreshOnesIsABacklog() {
    // Joined with a customer id learned just now, a backlog's record looks fresh; the others don't.
    due.due("jane", 100_000);
    due.seen(100_000);
    due.seen(20_000);

    assertThat(due.take(101_000)).isEmpty();
  }

  @Test
  void noMaxWaitMeansNothingIsHeld() {
    DueUpdates never = new DueUpdates(new CustomerUpdatePace(Duration.ofSeconds(5), Duration.ZERO));
    never.due("jane", 1_000);
    never.seen(0);

    assertThat(never.take(100_000)).containsExactly("jane");
  }
}
