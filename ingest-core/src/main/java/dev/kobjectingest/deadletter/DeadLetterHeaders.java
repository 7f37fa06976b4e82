package dev.kobjectingest.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter contract (docs/design.md 5.3), version 1. A dead letter is the original record
 * (key, value and headers byte for byte) plus these headers; they only ever grow, so replay and
 * tools written against version 1 keep working. Never an API key; payload values in messages are
 * abbreviated.
 */
public final class DeadLetterHeaders {
  public static final String PREFIX = "ingest.dlq.";
  public static final String CONTRACT_VERSION = PREFIX + "version";
  public static final String SOURCE_TOPIC = PREFIX + "source.topic";
  public static final String SOURCE_PARTITION = PREFIX + "source.partition";
  public static final String SOURCE_OFFSET = PREFIX + "source.offset";
  public static final String SOURCE_TIMESTAMP = PREFIX + "source.timestamp";
  public static final String STAGE = PREFIX + "stage";
  public static final String REASON = PREFIX + "reason";
  public static final String FIELD = PREFIX + "field";
  public static final String HTTP_STATUS = PREFIX + "http.status";
  public static final String ERROR_BODY = PREFIX + "error.body";
  public static final String EXCEPTION_CLASS = PREFIX + "exception.class";
  public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
  public static final String ATTEMPTS = PREFIX + "attempts";
  public static final String APP_VERSION = PREFIX + "app.version";
  public static final String DEAD_LETTERED_AT = PREFIX + "time";

  /**
   * Present when the original value was too large to carry: its size in bytes. Replay reads the
   * original from the source coordinates instead.
   */
  public static final String VALUE_OMITTED = PREFIX + "value.omitted.bytes";

  /**
   * The raw record a sink-stage dead letter stands for (the order event behind a customer, or
   * behind an order whose customer was given up): replay re-publishes that record, so it runs
   * through the rules again, fixed ones included. Absent on other dead letters.
   */
  public static final String ORIGIN_TOPIC = PREFIX + "origin.topic";

  public static final String ORIGIN_PARTITION = PREFIX + "origin.partition";
  public static final String ORIGIN_OFFSET = PREFIX + "origin.offset";

  /** Present when even the key and original headers had to be left out: the key's size. */
  public static final String KEY_OMITTED = PREFIX + "key.omitted.bytes";

  /** Set by replay on the record it re-publishes; stripped of every {@link #PREFIX} header. */
  public static final String REPLAY_ID = "ingest.replay.id";

  /** Stages where a record can fail. */
  public static final String STAGE_PARSE = "parse";

  public static final String STAGE_MAP = "map";
  public static final String STAGE_CUSTOMER = "customer";
  public static final String STAGE_KOBJECT = "kobject";

  private DeadLetterHeaders() {}

  public static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  public static String get(Headers headers, String key) {
    var h = headers.lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
