package dev.kobjectingest.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;

/**
 * Drops the Kafka client's own log lines while a start-up or tool check talks to Kafka: a wrong
 * address makes it warn ten times in five seconds, and the check then says what went wrong in one
 * line naming the setting. With {@code INGEST_LOG_LEVEL=DEBUG} nothing is dropped.
 *
 * <p>Check code marks itself with the MDC key {@link #MDC_KEY} on its own thread, and the admin
 * client it starts has a client id beginning with {@link #CLIENT_ID_PREFIX}, which Kafka puts in
 * its network thread's name.
 */
public final class CheckLogFilter extends Filter<ILoggingEvent> {
  public static final String MDC_KEY = "ingest.check";
  public static final String CLIENT_ID_PREFIX = "kobject-ingest-check";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    boolean fromCheck =
        event.getThreadName().contains(CLIENT_ID_PREFIX)
            || event.getMDCPropertyMap().containsKey(MDC_KEY);
    if (fromCheck
        && event.getLoggerName().startsWith("org.apache.kafka")
        && !LoggerFactory.getLogger("dev.kobjectingest").isDebugEnabled()) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
