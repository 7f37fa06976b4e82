package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(15));

  @Test
  void delaysDoubleWithinTwentyFivePercentOfJitter() {
    SplittableRandom random = new SplittableRandom(1);
    for (int attempt = 0; attempt < 7; attempt++) {
      long nominal = 200L << attempt;
      for (int i = 0; i < 100; i++) {
        assertThat(backoff.delay(attempt, random).toMillis())
            .as("attempt %d", attempt)
            .isBetween((long) (nominal * 0.75), (long) (nominal * 1.25));
      }
    }
  }

  @Test
  void delaysAreCappedEvenAfterVeryManyAttempts() {
    SplittableRandom random = new SplittableRandom(2);
    for (int attempt : new int[] {8, 20, 64, Integer.MAX_VALUE}) {
      assertThat(backoff.delay(attempt, random))
          .isBetween(Duration.ofMillis(22_500), Duration.ofMillis(37_500));
    }
  }

  @Test
  void theSameSeedGivesTheSameDelaysAndDifferentSeedsSpreadThem() {
    assertThat(backoff.delay(3, new SplittableRandom(42)))
        .isEqualTo(backoff.delay(3, new SplittableRandom(42)));
    long distinct =
        java.util.stream.LongStream.range(0, 50)
            .map(seed -> backoff.delay(3, new SplittableRandom(seed)).toMillis())
            .distinct()
            .count();
    assertThat(distinct).as("instances retrying after one outage spread out").isGreaterThan(40);
  }
}
