package dev.kobjectingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadPolicyTest {
  private final FakeTime clock = new FakeTime();

  @Test
  void replacesAThreadUntilTooManyFailWithinTheWindowThenStopsTheClient() {
    StreamThreadPolicy p = new StreamThreadPolicy(3, Duration.ofMinutes(5), clock);

    assertThat(p.handle(new IllegalStateException("a")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(p.failing()).isTrue();
    clock.advance(Duration.ofSeconds(61));
    assertThat(p.failing()).as("one failure a minute ago is over").isFalse();
    assertThat(p.handle(new IllegalStateException("b")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(p.handle(new IllegalStateException("c")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(p.gaveUp()).isTrue();
    assertThat(p.failing()).isTrue();
    assertThat(p.failures()).isEqualTo(3);
    assertThat(p.describe()).startsWith("stopped after 3").contains("IllegalStateException: c");
  }

  @Test
  void failuresOutsideTheWindowDoNotCount() {
    StreamThreadPolicy p = new StreamThreadPolicy(2, Duration.ofMinutes(5), clock);
    p.handle(new IllegalStateException("a"));
    clock.advance(Duration.ofMinutes(6));
    assertThat(p.handle(new IllegalStateException("b")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(p.failures()).as("counted since start").isEqualTo(2);
  }
}
