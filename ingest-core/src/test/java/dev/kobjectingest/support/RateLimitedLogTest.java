package dev.kobjectingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
  private final FakeTime clock = new FakeTime();

  @Test
  void oneLinePerCauseAndIntervalWithTheCountHeldBack() {
    RateLimitedLog log = new RateLimitedLog(clock, Duration.ofSeconds(10));
    List<String> lines = new ArrayList<>();

    assertThat(log.log("a", "first", lines::add)).isTrue();
    assertThat(log.log("a", "second", lines::add)).isFalse();
    assertThat(log.log("b", "other cause", lines::add)).isTrue();
    log.log("a", "third", lines::add);
    clock.advance(Duration.ofSeconds(10));
    log.log("a", "fourth", lines::add);

    assertThat(lines)
        .containsExactly("first", "other cause", "fourth (2 more like it since the last report)");
  }
}
