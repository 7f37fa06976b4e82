package dev.kobjectingest.sink;

import java.time.Duration;

/**
 * How the sink consumes and retries.
 *
 * @param maxInFlight keys worked on at once (threads); the budget is used while requests are in
 *     flight
 * @param maxPending records read but not finished before the consumer pauses
 * @param backoff retry pacing and the total deadline before a record is dead-lettered
 * @param coalesce whether a queued command is skipped when a newer one of its key is queued
 */
public record SinkSettings(
    String groupId,
    int maxInFlight,
    int maxPending,
    Backoff backoff,
    Duration commitInterval,
    String deadLetterTopic,
    String appVersion,
    boolean coalesce) {

  public static SinkSettings of(
      String groupId,
      int maxInFlight,
      Duration retryBase,
      Duration retryMax,
      Duration retryDeadline,
      String deadLetterTopic,
      String appVersion,
      boolean coalesce) {
    return new SinkSettings(
        groupId,
        maxInFlight,
        maxInFlight * 50,
        new Backoff(retryBase, retryMax, retryDeadline),
        Duration.ofMillis(500),
        deadLetterTopic,
        appVersion,
        coalesce);
  }
}
