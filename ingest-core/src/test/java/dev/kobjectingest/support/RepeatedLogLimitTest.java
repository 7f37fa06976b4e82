package dev.kobjectingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The filter as {@code logback.xml} registers it: lines reach an appender on the root logger, as
 * they would reach the console, and are counted there.
 */
class RepeatedLogLimitTest {
  private static final String FETCH = "org.apache.kafka.clients.consumer.internals.FetchCollector";
  private static final String UNKNOWN =
      "[Consumer clientId=table-1, groupId=null] Received unknown topic or partition error in"
          + " fetch for partition {}";

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final FakeTime time = new FakeTime();
  private RepeatedLogLimit filter;

  @BeforeEach
  void attach() {
    filter =
        context.getTurboFilterList().stream()
            .filter(RepeatedLogLimit.class::isInstance)
            .map(RepeatedLogLimit.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("RepeatedLogLimit is not in logback.xml"));
    filter.useClock(time);
    lines.setContext(context);
    lines.start();
    root.addAppender(lines);
  }

  @AfterEach
  void detach() {
    root.detachAppender(lines);
    filter.useClock(java.time.Clock.systemUTC());
  }

  @Test
  void aFloodOfOneKafkaWarningLogsOnceThenOnceEveryIntervalWithTheCountHeldBack() {
    org.slf4j.Logger fetch = LoggerFactory.getLogger(FETCH);
    long before = RepeatedLogLimit.suppressed();
    for (int i = 0; i < 17_000; i++) {
      fetch.warn(UNKNOWN, "ingest.sink-ids-" + (i % 3));
    }
    assertThat(messages()).containsExactly(UNKNOWN.replace("{}", "ingest.sink-ids-0"));
    assertThat(RepeatedLogLimit.suppressed() - before).isEqualTo(16_999);

    time.advance(Duration.ofSeconds(29));
    fetch.warn(UNKNOWN, "ingest.sink-ids-1");
    assertThat(messages()).hasSize(1);

    time.advance(Duration.ofSeconds(1));
    fetch.warn(UNKNOWN, "ingest.sink-ids-2");
    assertThat(messages())
        .hasSize(2)
        .last()
        .isEqualTo(
            UNKNOWN.replace("{}", "ingest.sink-ids-2")
                + " (17000 more like it in the last 30 s, not logged)");
    assertThat(lines.list.get(1).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    assertThat(lines.list.get(1).getLoggerName()).isEqualTo(FETCH);

    time.advance(Duration.ofSeconds(30));
    fetch.warn(UNKNOWN, "ingest.sink-ids-0");
    assertThat(messages()).as("nothing held back: logged as it is").hasSize(3);
    assertThat(messages().get(2)).doesNotContain("more like it");
  }

  @Test
  void eachLoggerAndTemplateHasItsOwnLimit() {
    org.slf4j.Logger network = LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    for (int i = 0; i < 100; i++) {
      network.warn(
          "[Producer clientId=a] Connection to node {} ({}) could not be established.", -1, "x");
      network.warn(
          "[Consumer clientId=b] Connection to node {} ({}) could not be established.", -1, "x");
      network.warn("[Producer clientId=a] Bootstrap broker {} disconnected", "x");
    }
    assertThat(messages()).hasSize(3);
  }

  @Test
  void errorsAndThisPipelinesOwnLinesAlwaysPass() {
    org.slf4j.Logger kafka = LoggerFactory.getLogger(FETCH);
    org.slf4j.Logger own = LoggerFactory.getLogger("dev.kobjectingest.sink.CommandLoop");
    for (int i = 0; i < 500; i++) {
      kafka.error("[Consumer clientId=c] fatal {}", i);
      own.error("the sink stopped: {}", i);
      own.warn("committing failed: {}", i);
    }
    assertThat(messages()).hasSize(1500);
  }

  @Test
  void aThrowableIsKeptOnTheReportLine() {
    org.slf4j.Logger kafka =
        LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender");
    IllegalStateException boom = new IllegalStateException("boom");
    kafka.warn("[Producer clientId=d] send failed {}", "p-0", boom);
    kafka.warn("[Producer clientId=d] send failed {}", "p-0", boom);
    time.advance(Duration.ofSeconds(30));
    kafka.warn("[Producer clientId=d] send failed {}", "p-1", boom);
    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(1).getFormattedMessage())
        .isEqualTo(
            "[Producer clientId=d] send failed p-1 (1 more like it in the last 30 s, not logged)");
    assertThat(lines.list.get(1).getThrowableProxy().getMessage()).isEqualTo("boom");
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
