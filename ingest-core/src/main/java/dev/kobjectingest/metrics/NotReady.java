package dev.kobjectingest.metrics;

import java.util.List;

/**
 * One reason an instance cannot make progress: a cause from a small closed set (it tags a metric
 * and lets an alert or a script tell causes apart) and a one-line detail for people (never a secret
 * or customer data).
 */
public record NotReady(String cause, String detail) {
  /** Streams is not running (starting, stopped or in error). */
  public static final String STREAMS_NOT_RUNNING = "streams-not-running";

  /** A stream thread failed recently, or failed so often that the instance gave up. */
  public static final String STREAM_THREAD_FAILING = "stream-thread-failing";

  /** A sink consumer stopped. */
  public static final String SINK_STOPPED = "sink-stopped";

  /** Kustomer refused the API key or its role (401/403). */
  public static final String KUSTOMER_KEY_REFUSED = "kustomer-key-refused";

  /** Kustomer gave no answer, or only server errors, for longer than a threshold. */
  public static final String KUSTOMER_UNREACHABLE = "kustomer-unreachable";

  /** Kustomer answered only 429 (rate limited) for longer than a threshold. */
  public static final String KUSTOMER_THROTTLING = "kustomer-throttling";

  /** The Redis holding the shared request budget fails: no request may go out. */
  public static final String BUDGET_STORE_UNREACHABLE = "budget-store-unreachable";

  /**
   * The local disk under the sink's id tables fails (full, read-only, an I/O error): records wait.
   */
  public static final String LOCAL_STORAGE_FAILING = "local-storage-failing";

  /** Kafka has not answered the instance's watch for longer than a threshold. */
  public static final String KAFKA_UNREACHABLE = "kafka-unreachable";

  /** Topics the pipeline reads or writes do not exist on Kafka (deleted while it ran). */
  public static final String TOPICS_MISSING = "topics-missing";

  /** Every cause, for the metric's closed tag set. */
  public static final List<String> CAUSES =
      List.of(
          STREAMS_NOT_RUNNING,
          STREAM_THREAD_FAILING,
          SINK_STOPPED,
          KUSTOMER_KEY_REFUSED,
          KUSTOMER_UNREACHABLE,
          KUSTOMER_THROTTLING,
          BUDGET_STORE_UNREACHABLE,
          LOCAL_STORAGE_FAILING,
          KAFKA_UNREACHABLE,
          TOPICS_MISSING);
}
