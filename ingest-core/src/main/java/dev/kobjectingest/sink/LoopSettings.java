package dev.kobjectingest.sink;

import java.time.Duration;

/**
 * How a {@link CommandLoop} consumes.
 *
 * @param maxPending records read but not finished before the consumer pauses
 * @param commitInterval how often the finished offsets are committed
 * @param drainTimeout how long running records may take to finish when their partition is revoked
 * @param stopTimeout how long running records may take to finish when the sink stops: short, so an
 *     instance stops within an orchestrator's grace period whatever Kustomer does (what does not
 *     finish stays uncommitted and is delivered again)
 * @param coalesce whether a queued command is skipped when a newer one of its key is queued
 */
record LoopSettings(
    int maxPending,
    Duration pollTimeout,
    Duration commitInterval,
    Duration drainTimeout,
    Duration closeTimeout,
    Duration stopTimeout,
    boolean coalesce) {}
